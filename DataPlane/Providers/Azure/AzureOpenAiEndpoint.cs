using System.Collections.Concurrent;
using DataPlane.Errors;
using DataPlane.Inference;
using DataPlane.Snapshots;

namespace DataPlane.Providers.Azure;

/// <summary>
/// One <c>azure-openai</c> provider entry resolved once per snapshot (cached by the adapter): the resource root, the
/// api-version query, the deployment for each model, and how to authenticate. <c>base_url</c> overrides
/// <c>https://{resource_name}.openai.azure.com</c> (with or without a trailing <c>/openai</c>; its query is kept).
/// </summary>
internal sealed class AzureOpenAiEndpoint
{
    public const string ApiKeyHeader = "api-key";

    private const int MaxCachedDeployments = 256;
    private readonly ConcurrentDictionary<string, Uri[]> _deploymentUris = new(StringComparer.Ordinal);
    private readonly AzureOpenAiSettings _settings = new();
    private readonly string _root = "";
    private readonly string _query = "";

    private AzureOpenAiEndpoint(GatewayError error) => Error = error;

    private AzureOpenAiEndpoint(AzureOpenAiSettings settings, string root, string query)
    {
        _settings = settings;
        _root = root;
        _query = query;
    }

    /// <summary>
    /// Whether the api-version accepts <c>stream_options.include_usage</c> (2024-09-01-preview and later; older ones reject
    /// the field): the gateway then asks for usage on every stream, else the tokenizer counts.
    /// </summary>
    public bool SupportsStreamOptions => string.CompareOrdinal(_settings.ApiVersion, "2024-09-01") >= 0;

    /// <summary>Set when the provider cannot be used as configured.</summary>
    public GatewayError? Error { get; }

    /// <summary>The <see cref="ApiKeyHeader"/> value with api-key auth; null with Entra ID, or when the provider has no key.</summary>
    public string? ApiKey { get; private init; }

    /// <summary>The Entra ID token cache entry with Entra auth; else null.</summary>
    public EntraTokenSlot? Entra { get; private init; }

    public static AzureOpenAiEndpoint Resolve(RuntimeProvider provider, EntraTokenCache tokens)
    {
        if (AzureOpenAiSettings.Parse(provider.Entry.Configurations, out var problem) is not { } settings)
        {
            return new AzureOpenAiEndpoint(GatewayError.ProviderMisconfigured(provider.Slug, problem!));
        }

        string baseUrl;
        if (!string.IsNullOrWhiteSpace(provider.Entry.BaseUrl))
        {
            baseUrl = provider.Entry.BaseUrl.Trim();
        }
        else if (settings.ResourceName is { } resource)
        {
            baseUrl = $"https://{resource}.openai.azure.com";
        }
        else
        {
            return new AzureOpenAiEndpoint(GatewayError.ProviderMisconfigured(provider.Slug, "kind 'azure-openai' needs configurations.resource_name or a base_url."));
        }

        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var baseUri) || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps))
        {
            return new AzureOpenAiEndpoint(GatewayError.ProviderMisconfigured(provider.Slug, "base_url is not an absolute http(s) URL."));
        }

        var root = baseUri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        if (!root.EndsWith("/openai", StringComparison.OrdinalIgnoreCase))
        {
            root += "/openai";
        }

        var query = "api-version=" + Uri.EscapeDataString(settings.ApiVersion);
        var extra = baseUri.Query.TrimStart('?');
        if (extra.Length > 0)
        {
            query += "&" + extra;
        }

        if (settings.Auth == AzureAuthMode.ApiKey)
        {
            return new AzureOpenAiEndpoint(settings, root, query) { ApiKey = string.IsNullOrEmpty(provider.ApiKey) ? null : provider.ApiKey };
        }

        if (settings.TenantId is null || settings.ClientId is null || string.IsNullOrEmpty(provider.ApiKey))
        {
            return new AzureOpenAiEndpoint(GatewayError.ProviderMisconfigured(provider.Slug,
                "auth 'entra' needs configurations.tenant_id, configurations.client_id and the client secret as the provider key."));
        }

        if (!Uri.TryCreate(settings.Authority, UriKind.Absolute, out var authority) || (authority.Scheme != Uri.UriSchemeHttp && authority.Scheme != Uri.UriSchemeHttps))
        {
            return new AzureOpenAiEndpoint(GatewayError.ProviderMisconfigured(provider.Slug, "configurations.authority is not an absolute http(s) URL."));
        }

        var client = new EntraClient(settings.Authority, settings.TenantId, settings.ClientId, provider.ApiKey);
        return new AzureOpenAiEndpoint(settings, root, query) { Entra = tokens.SlotFor(client) };
    }

    /// <summary><c>deployments[model]</c>, else <c>deployment_id</c>, else the model itself (deployments are often named after it).</summary>
    public string DeploymentFor(string model) =>
        _settings.Deployments.TryGetValue(model, out var deployment) ? deployment : _settings.DeploymentId ?? model;

    /// <summary><c>{root}/openai/deployments/{deployment}/{chat/completions|completions|embeddings|images/generations}?api-version=…</c>.</summary>
    public Uri UriFor(InferenceOperation operation, string deployment)
    {
        if (!_deploymentUris.TryGetValue(deployment, out var uris))
        {
            var prefix = _root + "/deployments/" + Uri.EscapeDataString(deployment);
            uris =
            [
                Build(prefix, InferenceOperation.ChatCompletions),
                Build(prefix, InferenceOperation.Completions),
                Build(prefix, InferenceOperation.Embeddings),
                Build(prefix, InferenceOperation.ImageGenerations),
            ];
            // Deployment names can come from clients (the model): cache the usual few, not whatever anyone sends.
            if (_deploymentUris.Count < MaxCachedDeployments)
            {
                _deploymentUris.TryAdd(deployment, uris);
            }
        }

        return uris[Index(operation)];
    }

    private Uri Build(string prefix, InferenceOperation operation) => new(prefix + operation.UpstreamPath() + "?" + _query);

    private static int Index(InferenceOperation operation) => operation switch
    {
        InferenceOperation.ChatCompletions => 0,
        InferenceOperation.Completions => 1,
        InferenceOperation.Embeddings => 2,
        _ => 3,
    };
}
