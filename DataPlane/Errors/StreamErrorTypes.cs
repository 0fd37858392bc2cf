namespace DataPlane.Errors;

/// <summary>
/// The usage event's <c>error_type</c> for a stream that began (status 200 sent) but did not end well.
/// The event keeps status 200 — what the client received — and records the partial usage.
/// </summary>
internal static class StreamErrorTypes
{
    /// <summary>The upstream sent nothing for longer than <c>Gateway:StreamIdleTimeoutMs</c>.</summary>
    public const string IdleTimeout = "stream_idle_timeout";

    /// <summary>The upstream connection failed, or ended without its end-of-stream marker.</summary>
    public const string UpstreamFailed = "upstream_stream_error";

    /// <summary>The upstream itself sent an error event inside the stream (relayed as it was).</summary>
    public const string UpstreamErrorEvent = "upstream_error_event";

    /// <summary>The client went away; the usage event's status is 499.</summary>
    public const string ClientClosed = "client_closed_request";
}
