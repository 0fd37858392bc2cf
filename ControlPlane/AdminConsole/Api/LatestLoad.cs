namespace ControlPlane.AdminConsole.Api;

/// <summary>
/// The loads of one view, of which only the newest may land: a new filter while the previous answer is on its way cancels
/// that one, and a superseded answer is dropped instead of being drawn over the newer one. (A load cancelled this way ends
/// its task as cancelled, which Blazor ignores.)
/// </summary>
internal sealed class LatestLoad : IDisposable
{
    private CancellationTokenSource? _current;

    /// <summary>Runs <paramref name="load"/>; <paramref name="apply"/> runs only if no newer load began meanwhile.</summary>
    public async Task RunAsync<T>(Func<CancellationToken, Task<T>> load, Action<T> apply)
    {
        var token = Next();
        var result = await load(token);
        // Checked in the same continuation as apply: nothing can start a newer load in between.
        if (!token.IsCancellationRequested)
        {
            apply(result);
        }
    }

    /// <summary>
    /// Starts a load that applies its answers itself (several at once): cancels the one before. The caller checks the token in
    /// the same continuation as its assignments, as <see cref="RunAsync{T}"/> does.
    /// </summary>
    public CancellationToken Next()
    {
        _current?.Cancel();
        _current?.Dispose();
        _current = new CancellationTokenSource();
        return _current.Token;
    }

    /// <summary>When the page goes away: whatever is loading is no longer wanted.</summary>
    public void Dispose()
    {
        _current?.Cancel();
        _current?.Dispose();
        _current = null;
    }
}
