using DataPlane.Errors;
using DataPlane.Inference;
using DataPlane.Snapshots;

namespace DataPlane.Providers.OpenAi;

/// <summary>
/// One provider entry resolved against its preset, once per snapshot (cached by the adapter): the
/// operation URLs and the auth header value, so a request only looks them up.
/// </summary>
internal sealed class OpenAiEndpoint
{
    private readonly Uri?[] _uris = new Uri?[4];

    private OpenAiEndpoint(GatewayError? error) => Error = error;

    /// <summary>Set when the provider cannot be used as configured (no or bad base URL).</summary>
    public GatewayError? Error { get; }

    public string? AuthHeader { get; private init; }

    /// <summary>e.g. <c>Bearer sk-…</c>; null when the provider has no key (it is then sent no auth header).</summary>
    public string? AuthValue { get; private init; }

    public static OpenAiEndpoint Resolve(RuntimeProvider provider, OpenAiPreset preset)
    {
        var baseUrl = string.IsNullOrWhiteSpace(provider.Entry.BaseUrl) ? preset.DefaultBaseUrl : provider.Entry.BaseUrl.Trim();
        if (baseUrl is null)
        {
            return new OpenAiEndpoint(GatewayError.ProviderMisconfigured(provider.Slug, $"kind '{preset.Kind}' needs a base_url."));
        }

        if (!Uri.TryCreate(baseUrl.TrimEnd('/'), UriKind.Absolute, out var baseUri) || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps))
        {
            return new OpenAiEndpoint(GatewayError.ProviderMisconfigured(provider.Slug, "base_url is not an absolute http(s) URL."));
        }

        var endpoint = new OpenAiEndpoint(null)
        {
            AuthHeader = preset.AuthHeader,
            AuthValue = string.IsNullOrEmpty(provider.ApiKey) ? null : preset.AuthPrefix + provider.ApiKey,
        };
        var root = baseUri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        foreach (var operation in new[] { InferenceOperation.ChatCompletions, InferenceOperation.Completions, InferenceOperation.Embeddings, InferenceOperation.ImageGenerations })
        {
            endpoint._uris[Index(operation)] = new Uri(root + operation.UpstreamPath() + baseUri.Query);
        }

        return endpoint;
    }

    public Uri UriFor(InferenceOperation operation) => _uris[Index(operation)]!;

    private static int Index(InferenceOperation operation) => operation switch
    {
        InferenceOperation.ChatCompletions => 0,
        InferenceOperation.Completions => 1,
        InferenceOperation.Embeddings => 2,
        _ => 3,
    };
}
