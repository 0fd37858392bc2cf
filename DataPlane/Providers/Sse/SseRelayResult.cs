namespace DataPlane.Providers.Sse;

/// <summary>How an <see cref="SseRelay"/> ended.</summary>
internal enum SseRelayResult
{
    /// <summary>The upstream finished (its end marker, or a clean close where none is expected).</summary>
    Completed,

    /// <summary>The upstream sent nothing for longer than the idle timeout.</summary>
    IdleTimeout,

    /// <summary>The upstream connection failed, or closed before the end marker.</summary>
    UpstreamFailed,

    /// <summary>The client went away; the upstream call was cancelled.</summary>
    ClientClosed,
}
