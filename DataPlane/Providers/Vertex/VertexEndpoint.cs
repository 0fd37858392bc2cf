using System.Collections.Concurrent;
using System.Text.Json;
using DataPlane.Errors;
using DataPlane.Snapshots;

namespace DataPlane.Providers.Vertex;

/// <summary>
/// One <c>vertex-ai</c> provider entry resolved once per snapshot (cached by the adapter): the regional API root, the
/// project and region, the service account (the provider key), and per model its two URLs.
/// <para><c>configurations.project_id</c> (default: the key's <c>project_id</c>) and <c>configurations.region</c> (required;
/// <c>global</c> → <c>aiplatform.googleapis.com</c>, else <c>{region}-aiplatform.googleapis.com</c>); <c>base_url</c> overrides the
/// host (tests, private endpoints), <c>/v1</c> is added unless it already ends with it.</para>
/// </summary>
internal sealed class VertexEndpoint
{
    /// <summary>Sent in the body of Claude requests; Vertex AI wants it there instead of Anthropic's header.</summary>
    public const string AnthropicVersion = "vertex-2023-10-16";

    private const int MaxCachedModels = 256;
    private readonly ConcurrentDictionary<string, (Uri Plain, Uri Stream)> _models = new(StringComparer.Ordinal);
    private readonly string _locationRoot = "";

    private VertexEndpoint(GatewayError error) => Error = error;

    private VertexEndpoint(string locationRoot, VertexServiceAccount account)
    {
        _locationRoot = locationRoot;
        Account = account;
    }

    /// <summary>Set when the provider cannot be used as configured; the message never holds the key.</summary>
    public GatewayError? Error { get; }

    public VertexServiceAccount Account { get; } = null!;

    public static VertexEndpoint Resolve(RuntimeProvider provider, VertexServiceAccounts accounts)
    {
        if (string.IsNullOrWhiteSpace(provider.ApiKey))
        {
            return Misconfigured(provider, "it has no service-account key.");
        }

        if (accounts.Get(provider.ApiKey, out var why) is not { } account)
        {
            return Misconfigured(provider, why!);
        }

        var project = provider.Setting("project_id") ?? account.ProjectId;
        if (project is null)
        {
            return Misconfigured(provider, "configurations.project_id is missing and the service-account key names no project_id.");
        }

        if (provider.Setting("region") is not { } region)
        {
            return Misconfigured(provider, "configurations.region is missing.");
        }

        var defaultHost = region == "global" ? "https://aiplatform.googleapis.com" : $"https://{region}-aiplatform.googleapis.com";
        var baseUrl = string.IsNullOrWhiteSpace(provider.Entry.BaseUrl) ? defaultHost : provider.Entry.BaseUrl.Trim();
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var baseUri) || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps))
        {
            return Misconfigured(provider, "base_url is not an absolute http(s) URL.");
        }

        var root = baseUri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        if (!root.EndsWith("/v1", StringComparison.Ordinal))
        {
            root += "/v1";
        }

        return new VertexEndpoint($"{root}/projects/{Uri.EscapeDataString(project)}/locations/{Uri.EscapeDataString(region)}", account);
    }

    /// <summary>Claude models are Anthropic's on Vertex; everything else is taken as a Google (Gemini) model.</summary>
    public static VertexModelFamily FamilyOf(string model) =>
        model.StartsWith("claude", StringComparison.OrdinalIgnoreCase) ? VertexModelFamily.Anthropic : VertexModelFamily.Gemini;

    /// <summary>
    /// <c>…/publishers/google/models/{m}:generateContent</c> (stream: <c>:streamGenerateContent?alt=sse</c>), or
    /// <c>…/publishers/anthropic/models/{m}:rawPredict</c> (stream: <c>:streamRawPredict</c>).
    /// </summary>
    public Uri UriFor(string model, bool stream)
    {
        if (!_models.TryGetValue(model, out var uris))
        {
            var escaped = Uri.EscapeDataString(model);
            uris = FamilyOf(model) == VertexModelFamily.Anthropic
                ? (new Uri($"{_locationRoot}/publishers/anthropic/models/{escaped}:rawPredict"),
                    new Uri($"{_locationRoot}/publishers/anthropic/models/{escaped}:streamRawPredict"))
                : (new Uri($"{_locationRoot}/publishers/google/models/{escaped}:generateContent"),
                    new Uri($"{_locationRoot}/publishers/google/models/{escaped}:streamGenerateContent?alt=sse"));
            // Model ids come from clients: cache the usual few, not whatever anyone sends.
            if (_models.Count < MaxCachedModels)
            {
                _models.TryAdd(model, uris);
            }
        }

        return stream ? uris.Stream : uris.Plain;
    }

    private static VertexEndpoint Misconfigured(RuntimeProvider provider, string reason) =>
        new(GatewayError.ProviderMisconfigured(provider.Slug, reason));
}
