using System.Text.Json;
using DataPlane.Errors;
using DataPlane.Snapshots;

namespace DataPlane.Providers.Anthropic;

/// <summary>
/// One <c>anthropic</c> provider entry resolved once per snapshot (cached by the adapter): the Messages URL,
/// the header values, and the <c>max_tokens</c> sent when the client gives none (Anthropic requires one).
/// <para>
/// <c>base_url</c> overrides <see cref="DefaultBaseUrl"/>; <c>/v1/messages</c> is appended to it, or only
/// <c>/messages</c> when it already ends in <c>/v1</c> (both spellings are common). <c>configurations</c> may set
/// <c>default_max_tokens</c> (a positive integer), <c>anthropic_version</c> and <c>anthropic_beta</c> (sent as
/// the <c>anthropic-beta</c> header).
/// </para>
/// </summary>
internal sealed class AnthropicEndpoint
{
    public const string DefaultBaseUrl = "https://api.anthropic.com";
    public const string DefaultVersion = "2023-06-01";

    /// <summary>
    /// Sent as <c>max_tokens</c> when the client set neither <c>max_tokens</c> nor <c>max_completion_tokens</c>:
    /// the largest output every current Claude model accepts (Claude 3 Haiku's ceiling), so no model rejects it.
    /// </summary>
    public const int DefaultMaxTokens = 4096;

    private AnthropicEndpoint(GatewayError? error) => Error = error;

    /// <summary>Set when the provider cannot be used as configured (a bad base URL).</summary>
    public GatewayError? Error { get; }

    public Uri MessagesUri { get; private init; } = null!;

    /// <summary>The provider key for <c>x-api-key</c>; null sends no key header (e.g. a proxy that adds it).</summary>
    public string? ApiKey { get; private init; }

    public string Version { get; private init; } = DefaultVersion;

    public string? Beta { get; private init; }

    public int MaxTokens { get; private init; } = DefaultMaxTokens;

    public static AnthropicEndpoint Resolve(RuntimeProvider provider)
    {
        var baseUrl = string.IsNullOrWhiteSpace(provider.Entry.BaseUrl) ? DefaultBaseUrl : provider.Entry.BaseUrl.Trim();
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var baseUri) || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps))
        {
            return new AnthropicEndpoint(GatewayError.ProviderMisconfigured(provider.Slug, "base_url is not an absolute http(s) URL."));
        }

        var root = baseUri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        var path = root.EndsWith("/v1", StringComparison.Ordinal) ? "/messages" : "/v1/messages";
        var configurations = provider.Entry.Configurations;
        var maxTokens = Integer(configurations, "default_max_tokens");
        return new AnthropicEndpoint(null)
        {
            MessagesUri = new Uri(root + path + baseUri.Query),
            ApiKey = string.IsNullOrEmpty(provider.ApiKey) ? null : provider.ApiKey,
            Version = provider.Setting("anthropic_version") ?? DefaultVersion,
            Beta = provider.Setting("anthropic_beta"),
            MaxTokens = maxTokens is > 0 ? maxTokens.Value : DefaultMaxTokens,
        };
    }

    private static int? Integer(JsonElement? configurations, string name) =>
        configurations is { ValueKind: JsonValueKind.Object } c && c.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            && value.TryGetInt32(out var number)
            ? number
            : null;
}
