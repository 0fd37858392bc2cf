using DataPlane.Providers.Http;

namespace DataPlane.Tests.Providers;

public sealed class PooledBodyContentTests
{
    [Fact]
    public async Task Dispose_WhileASendIsInProgress_FreesTheBufferOnlyWhenTheSendEnds()
    {
        var owner = new Owner();
        var content = new PooledBodyContent("{\"a\":1}"u8.ToArray(), owner);
        var stream = new GatedStream();

        var send = content.CopyToAsync(stream, TestContext.Current.CancellationToken);
        await stream.WriteStarted.Task.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        content.Dispose(); // the call ended (e.g. the upstream answered early) while the handler still sends

        Assert.False(owner.Disposed);
        stream.Release.SetResult();
        await send.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.True(owner.Disposed);
        Assert.Equal("{\"a\":1}", System.Text.Encoding.UTF8.GetString(stream.Written.ToArray()));
    }

    [Fact]
    public async Task Send_AfterDispose_FailsInsteadOfReadingAFreedBuffer()
    {
        var owner = new Owner();
        var content = new PooledBodyContent("{}"u8.ToArray(), owner);
        content.Dispose();

        Assert.True(owner.Disposed);
        await Assert.ThrowsAnyAsync<ObjectDisposedException>(() => content.CopyToAsync(Stream.Null, TestContext.Current.CancellationToken));
    }

    private sealed class Owner : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    /// <summary>A stream whose write blocks until released, like a socket to a slow upstream.</summary>
    private sealed class GatedStream : MemoryStream
    {
        public TaskCompletionSource WriteStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public MemoryStream Written { get; } = new();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            WriteStarted.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
            await Written.WriteAsync(buffer, cancellationToken);
        }
    }
}
