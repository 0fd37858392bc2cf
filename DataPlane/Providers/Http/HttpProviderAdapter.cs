using DataPlane.Errors;
using DataPlane.Inference;
using DataPlane.Providers.Sse;
using DataPlane.Providers.Tokens;
using Microsoft.Extensions.Options;

namespace DataPlane.Providers.Http;

/// <summary>
/// The base of every adapter that calls an HTTP upstream. It owns the sequence — build, send
/// (<see cref="UpstreamClient"/>: 502/504 as values), map a non-2xx to OpenAI's error shape with
/// <c>provider</c>, then either hand a stream to <see cref="StreamingResponse"/> or read a whole body —
/// and leaves an adapter four decisions:
/// <list type="number">
/// <item><see cref="BuildRequest"/>: URL, auth headers and body for the upstream (pooled where it rewrites);</item>
/// <item><see cref="ReadBody"/>: a non-streamed 2xx body → usually a <see cref="BufferedResponse"/> (relayed or translated) with usage;</item>
/// <item><see cref="CreateStreamHandler"/>: what to do with each upstream SSE event (relay, drop, translate) and where usage is;</item>
/// <item><see cref="MapError"/> (optional): the provider's error body → <see cref="GatewayError"/>; the default understands the common shapes.</item>
/// </list>
/// </summary>
internal abstract class HttpProviderAdapter(UpstreamClient upstream, TokenCounter tokens, IOptions<UpstreamOptions> options) : IProviderAdapter
{
    public abstract string Kind { get; }

    public abstract InferenceOperation Operations { get; }

    protected TokenCounter Tokens => tokens;

    protected UpstreamOptions Options => options.Value;

    public async ValueTask<ProviderResult> SendAsync(ProviderRequest request, CancellationToken cancellationToken)
    {
        if (await PrepareAsync(request, cancellationToken) is { } notReady)
        {
            return notReady;
        }

        if (BuildRequest(request, out var buildError) is not { } upstreamRequest)
        {
            return buildError ?? GatewayError.Internal();
        }

        var slug = request.Target.Provider.Slug;
        var sent = await upstream.SendAsync(upstreamRequest, slug, cancellationToken);
        if (sent.Call is not { } call)
        {
            return sent.Error ?? GatewayError.Internal();
        }

        var handedOver = false;
        try
        {
            if (!call.Response.IsSuccessStatusCode)
            {
                var (errorBody, _) = await UpstreamBodyReader.ReadAsync(call, slug, Options.UpstreamErrorBodyBytes, truncate: true);
                using (errorBody)
                {
                    var error = MapError(request, call.StatusCode, errorBody is null ? default : errorBody.WrittenSpan, RetryAfter(call.Response));
                    return error with { RetryDelay = RetryAfterHeaders.Delay(call.Response.Headers, upstreamNow: DateTimeOffset.UtcNow) };
                }
            }

            if (request.Request.Stream && IsEventStream(call.Response))
            {
                handedOver = true;
                return new StreamingResponse(request, call, CreateStreamHandler(request), tokens, Options.MaxUpstreamResponseBytes);
            }

            var (body, readError) = await UpstreamBodyReader.ReadAsync(call, slug, Options.MaxUpstreamResponseBytes, truncate: false);
            return body is null ? readError ?? GatewayError.Internal() : ReadBody(request, call, body);
        }
        finally
        {
            if (!handedOver)
            {
                call.Dispose();
            }
        }
    }

    /// <summary>
    /// What must be in hand before <see cref="BuildRequest"/>, which is synchronous: a cloud access token, fetched (or found
    /// fresh) and kept where <see cref="BuildRequest"/> reads it. Null when ready; most adapters need nothing.
    /// </summary>
    protected virtual ValueTask<GatewayError?> PrepareAsync(ProviderRequest request, CancellationToken cancellationToken) => default;

    /// <summary>The upstream request, or null with <paramref name="error"/> (e.g. a provider without a usable base URL).</summary>
    protected abstract UpstreamRequest? BuildRequest(ProviderRequest request, out GatewayError? error);

    /// <summary>
    /// A whole 2xx body, read (the call is disposed after this returns). Takes ownership of
    /// <paramref name="body"/>: pass it on in the response, or dispose it.
    /// </summary>
    protected abstract ProviderResult ReadBody(ProviderRequest request, UpstreamCall call, PooledBuffer body);

    /// <summary>A fresh handler for one streamed answer.</summary>
    protected abstract SseStreamHandler CreateStreamHandler(ProviderRequest request);

    /// <summary>An upstream non-2xx: its status passes through, in OpenAI's error shape with <c>provider</c>.</summary>
    protected virtual GatewayError MapError(ProviderRequest request, int status, ReadOnlySpan<byte> body, string? retryAfter) =>
        UpstreamErrors.FromBody(status, body, request.Target.Provider, retryAfter);

    /// <summary>The answer's content type, or JSON when it named none.</summary>
    protected static string ContentTypeOf(UpstreamCall call) =>
        call.Response.Content.Headers.NonValidated.TryGetValues("Content-Type", out var values) ? values.ToString() : "application/json";

    private static bool IsEventStream(HttpResponseMessage response) =>
        string.Equals(response.Content.Headers.ContentType?.MediaType, ServerSentEvents.ContentType, StringComparison.OrdinalIgnoreCase);

    private static string? RetryAfter(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Retry-After", out var values) ? values.FirstOrDefault() : null;
}
