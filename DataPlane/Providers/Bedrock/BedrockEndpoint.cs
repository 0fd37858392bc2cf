using System.Text.Json;
using DataPlane.Errors;
using DataPlane.Snapshots;

namespace DataPlane.Providers.Bedrock;

/// <summary>
/// One <c>bedrock</c> provider entry resolved once per snapshot (cached by the adapter): the runtime endpoint and the
/// credentials. <c>configurations</c>: <c>region</c> (required), <c>access_key_id</c> (required), <c>session_token</c>
/// (optional, temporary credentials); the provider's key is the secret access key. <c>base_url</c> overrides
/// <c>https://bedrock-runtime.{region}.amazonaws.com</c> (a VPC endpoint, a proxy, a test fake); signing still uses the region.
/// </summary>
internal sealed class BedrockEndpoint
{
    public const string Service = "bedrock";

    private BedrockEndpoint(GatewayError? error) => Error = error;

    /// <summary>Set when the provider cannot be used as configured; the message names the field, never a secret.</summary>
    public GatewayError? Error { get; }

    /// <summary>The base, without a trailing slash: <c>/model/{id}/converse</c> is appended.</summary>
    public string Root { get; private init; } = "";

    public string Region { get; private init; } = "";

    public AwsCredentials Credentials { get; private init; } = null!;

    public static string DefaultBaseUrl(string region) => $"https://bedrock-runtime.{region}.amazonaws.com";

    public static BedrockEndpoint Resolve(RuntimeProvider provider)
    {
        var region = provider.Setting("region");
        if (region is null || !IsRegion(region))
        {
            return Misconfigured(provider, "configurations.region is required (e.g. us-east-1).");
        }

        var accessKeyId = provider.Setting("access_key_id");
        if (accessKeyId is null)
        {
            return Misconfigured(provider, "configurations.access_key_id is required.");
        }

        if (string.IsNullOrEmpty(provider.ApiKey))
        {
            return Misconfigured(provider, "the provider key (the AWS secret access key) is missing.");
        }

        var baseUrl = string.IsNullOrWhiteSpace(provider.Entry.BaseUrl) ? DefaultBaseUrl(region) : provider.Entry.BaseUrl.Trim();
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var baseUri) || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(baseUri.Query))
        {
            return Misconfigured(provider, "base_url is not an absolute http(s) URL without a query.");
        }

        return new BedrockEndpoint(null)
        {
            Root = baseUri.GetLeftPart(UriPartial.Path).TrimEnd('/'),
            Region = region,
            Credentials = new AwsCredentials(accessKeyId, provider.ApiKey, provider.Setting("session_token")),
        };
    }

    /// <summary><c>…/model/{modelId}/converse</c> or <c>/converse-stream</c>; the id is one path segment (an ARN's <c>/</c> and a version's <c>:</c> escaped).</summary>
    public Uri ConverseUri(string model, bool stream) =>
        new(Root + "/model/" + SigV4Signer.UriEncode(model) + (stream ? "/converse-stream" : "/converse"));

    /// <summary>Lower-case letters, digits and dashes, as every AWS region name is.</summary>
    public static bool IsRegion(string value) =>
        value.Length is > 0 and <= 32 && value.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-');

    private static BedrockEndpoint Misconfigured(RuntimeProvider provider, string reason) =>
        new(GatewayError.ProviderMisconfigured(provider.Slug, reason));
}
