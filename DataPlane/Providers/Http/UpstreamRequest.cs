namespace DataPlane.Providers.Http;

/// <summary>What an adapter built to send; its body (pooled or not) is freed with the message.</summary>
internal sealed record UpstreamRequest(HttpRequestMessage Message)
{
    /// <summary>
    /// A JSON POST of <paramref name="body"/>, which <paramref name="bodyOwner"/> (when given) frees once
    /// nothing sends from it any more. HTTP/2 where the upstream offers it over TLS; plain http stays on HTTP/1.1.
    /// </summary>
    public static UpstreamRequest PostJson(Uri uri, ReadOnlyMemory<byte> body, IDisposable? bodyOwner) =>
        new(new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new PooledBodyContent(body, bodyOwner),
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        });
}
