using System.Collections.Concurrent;
using DataPlane.Errors;
using DataPlane.Snapshots;

namespace DataPlane.Providers.Google;

/// <summary>
/// One <c>google</c> provider entry resolved once per snapshot (cached by the adapter): the versioned API root and the
/// key header, and per model the two URLs, so a request only looks them up. <c>base_url</c> (default
/// <see cref="DefaultBaseUrl"/>) may end with an API version (<c>/v1beta</c>, <c>/v1</c>, <c>/v1alpha</c>); otherwise <c>/v1beta</c>
/// is added. The key goes in <c>x-goog-api-key</c>, never in the URL (URLs end up in logs).
/// </summary>
internal sealed class GeminiEndpoint
{
    public const string DefaultBaseUrl = "https://generativelanguage.googleapis.com";
    public const string ApiKeyHeader = "x-goog-api-key";

    private const int MaxCachedModels = 256;
    private readonly ConcurrentDictionary<string, (Uri Generate, Uri Stream)> _models = new(StringComparer.Ordinal);
    private readonly string _root = "";
    private readonly string _query = "";

    private GeminiEndpoint(GatewayError error) => Error = error;

    private GeminiEndpoint(string root, string query, string? apiKey)
    {
        _root = root;
        _query = query;
        ApiKey = apiKey;
    }

    /// <summary>Set when the provider cannot be used as configured (bad base URL).</summary>
    public GatewayError? Error { get; }

    /// <summary>The value of <see cref="ApiKeyHeader"/>; null when the provider has no key (none is sent).</summary>
    public string? ApiKey { get; }

    public static GeminiEndpoint Resolve(RuntimeProvider provider)
    {
        var baseUrl = string.IsNullOrWhiteSpace(provider.Entry.BaseUrl) ? DefaultBaseUrl : provider.Entry.BaseUrl.Trim();
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var baseUri) || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps))
        {
            return new GeminiEndpoint(GatewayError.ProviderMisconfigured(provider.Slug, "base_url is not an absolute http(s) URL."));
        }

        var root = baseUri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        if (!root.EndsWith("/v1beta", StringComparison.Ordinal) && !root.EndsWith("/v1", StringComparison.Ordinal)
            && !root.EndsWith("/v1alpha", StringComparison.Ordinal))
        {
            root += "/v1beta";
        }

        var query = baseUri.Query.TrimStart('?');
        return new GeminiEndpoint(root, query, string.IsNullOrEmpty(provider.ApiKey) ? null : provider.ApiKey);
    }

    /// <summary><c>…/models/{model}:generateContent</c>, or <c>…:streamGenerateContent?alt=sse</c>.</summary>
    public Uri UriFor(string model, bool stream)
    {
        if (!_models.TryGetValue(model, out var uris))
        {
            uris = (Build(model, ":generateContent", null), Build(model, ":streamGenerateContent", "alt=sse"));
            // Model ids come from clients: cache the usual few, not whatever anyone sends.
            if (_models.Count < MaxCachedModels)
            {
                _models.TryAdd(model, uris);
            }
        }

        return stream ? uris.Stream : uris.Generate;
    }

    private Uri Build(string model, string method, string? query)
    {
        // "gemini-2.5-flash", "models/gemini-2.5-flash" and "tunedModels/my-model" all name a resource under the root.
        var resource = model.StartsWith("tunedModels/", StringComparison.Ordinal) ? "tunedModels/" + Uri.EscapeDataString(model["tunedModels/".Length..])
            : "models/" + Uri.EscapeDataString(model.StartsWith("models/", StringComparison.Ordinal) ? model["models/".Length..] : model);
        var fullQuery = (query, _query) switch
        {
            (null, "") => "",
            (null, _) => "?" + _query,
            (_, "") => "?" + query,
            _ => "?" + query + "&" + _query,
        };
        return new Uri(_root + "/" + resource + method + fullQuery);
    }
}
