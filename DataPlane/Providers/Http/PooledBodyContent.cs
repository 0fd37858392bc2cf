using System.Net;

namespace DataPlane.Providers.Http;

/// <summary>
/// A request body sent from memory that may be pooled. The handler can still be sending when the call
/// ends (an upstream that answers early, e.g. with an error), so the pooled buffer goes back to the pool
/// only once both have let go of it: the message (dispose) and a send in progress.
/// </summary>
internal sealed class PooledBodyContent : HttpContent
{
    private readonly ReadOnlyMemory<byte> _body;
    private readonly IDisposable? _owner;
    private int _holders = 1; // the message; a send in progress adds one

    public PooledBodyContent(ReadOnlyMemory<byte> body, IDisposable? owner)
    {
        _body = body;
        _owner = owner;
        Headers.TryAddWithoutValidation("Content-Type", "application/json");
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (!TryHold())
        {
            throw new ObjectDisposedException(nameof(PooledBodyContent));
        }

        try
        {
            await stream.WriteAsync(_body, cancellationToken);
        }
        finally
        {
            Release();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _body.Length;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Release();
        }

        base.Dispose(disposing);
    }

    private bool TryHold()
    {
        var holders = Volatile.Read(ref _holders);
        while (holders > 0)
        {
            var seen = Interlocked.CompareExchange(ref _holders, holders + 1, holders);
            if (seen == holders)
            {
                return true;
            }

            holders = seen;
        }

        return false;
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _holders) == 0)
        {
            _owner?.Dispose();
        }
    }
}
