using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DataPlane.Errors;
using Microsoft.Extensions.Options;

namespace DataPlane.Providers.Http;

/// <summary>
/// The one connection pool to every provider: an <see cref="HttpMessageInvoker"/> over a tuned
/// <see cref="SocketsHttpHandler"/> (no proxy, redirects, decompression or cookies; HttpClient would add
/// buffering and per-request timeouts we do ourselves). Connection trouble becomes a value: 502
/// (unreachable) or 504 (no response headers in time); only the client going away throws.
/// </summary>
internal sealed class UpstreamClient : IDisposable
{
    private readonly HttpMessageInvoker _invoker;
    private readonly UpstreamOptions _options;
    private readonly ILogger<UpstreamClient> _logger;

    public UpstreamClient(IOptions<UpstreamOptions> options, ILogger<UpstreamClient> logger)
    {
        _options = options.Value;
        _logger = logger;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = TimeSpan.FromMilliseconds(_options.UpstreamConnectTimeoutMs),
            PooledConnectionLifetime = TimeSpan.FromMilliseconds(_options.PooledConnectionLifetimeMs),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            // Our trace context stays ours: providers get no traceparent (and we skip writing it).
            ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator(),
        };
        _invoker = new HttpMessageInvoker(handler, disposeHandler: true);
    }

    /// <summary>
    /// Sends <paramref name="request"/> and returns once the response headers are read. The returned call owns
    /// the request, the response and its body buffer; on an error value they are already freed.
    /// </summary>
    public async Task<UpstreamSendResult> SendAsync(UpstreamRequest request, string providerSlug, CancellationToken cancellationToken)
    {
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cancellation.CancelAfter(_options.UpstreamTimeoutMs);
        var sent = Stopwatch.GetTimestamp();
        try
        {
            var response = await _invoker.SendAsync(request.Message, cancellation.Token);
            return new UpstreamSendResult(
                new UpstreamCall(request, response, cancellation, cancellationToken, sent, _options.StreamIdleTimeoutMs), null);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && IsUpstreamFailure(ex))
        {
            var responseTimedOut = cancellation.IsCancellationRequested;
            Free(request, cancellation);
            var error = responseTimedOut
                ? GatewayError.UpstreamTimeout(providerSlug, _options.UpstreamTimeoutMs)
                : GatewayError.UpstreamUnreachable(providerSlug, Describe(ex));
            Log.UpstreamFailed(_logger, providerSlug, error.Status, error.Message);
            return new UpstreamSendResult(null, error);
        }
        catch
        {
            Free(request, cancellation);
            throw;
        }
    }

    public void Dispose() => _invoker.Dispose();

    private static bool IsUpstreamFailure(Exception ex) => ex is HttpRequestException or OperationCanceledException or IOException;

    private static void Free(UpstreamRequest request, CancellationTokenSource cancellation)
    {
        request.Message.Dispose();
        cancellation.Dispose();
    }

    /// <summary>Why, in words that carry no secret (never the exception text, which may hold URLs with keys).</summary>
    private string Describe(Exception ex)
    {
        if (ex is OperationCanceledException)
        {
            // Not the client and not our response timer: SocketsHttpHandler's connect timeout.
            return $"no connection within {_options.UpstreamConnectTimeoutMs} ms";
        }

        if (ex is HttpRequestException http)
        {
            if (http.InnerException is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.HostNotFound or SocketError.NoData => "host not found",
                    SocketError.TimedOut => "connection timed out",
                    SocketError.ConnectionReset => "connection reset",
                    SocketError.NetworkUnreachable or SocketError.HostUnreachable => "network unreachable",
                    _ => "socket error " + socket.SocketErrorCode,
                };
            }

            return http.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => "host not found",
                HttpRequestError.ConnectionError => "connection failed",
                HttpRequestError.SecureConnectionError => "TLS handshake failed",
                HttpRequestError.ResponseEnded => "the connection closed before a response",
                HttpRequestError.InvalidResponse => "invalid HTTP response",
                HttpRequestError.ProxyTunnelError => "proxy tunnel failed",
                HttpRequestError.VersionNegotiationError => "HTTP version negotiation failed",
                _ when http.InnerException is IOException => "the connection closed before a response",
                _ => "request failed",
            };
        }

        return "the connection failed";
    }
}
