using System.IO.Pipelines;
using DataPlane.Providers.Tokens;

namespace DataPlane.Providers.Sse;

/// <summary>
/// What an adapter does with each upstream SSE event during <see cref="SseRelay"/>: pass it through,
/// drop it, or translate it into OpenAI <c>chat.completion.chunk</c> events (written to the output,
/// which the relay flushes after each read). It also reads usage on the way into <see cref="Usage"/>.
/// One instance per response; never called concurrently.
/// </summary>
internal abstract class SseStreamHandler
{
    /// <summary>Usage reported by the upstream, and the streamed text in case none comes.</summary>
    public UsageAccumulator Usage { get; } = new();

    /// <summary>
    /// Set when the upstream signalled the normal end (OpenAI's <c>[DONE]</c>, Anthropic's <c>message_stop</c>).
    /// When <see cref="RequiresEndMarker"/>, an upstream that closes before it counts as a broken stream.
    /// </summary>
    public bool Completed { get; protected set; }

    /// <summary>Whether this stream has an end marker at all (image streams, for one, do not).</summary>
    public virtual bool RequiresEndMarker => true;

    /// <summary>Set when the upstream reported an error inside the stream (e.g. <see cref="Errors.StreamErrorTypes.UpstreamErrorEvent"/>).</summary>
    public string? ErrorType { get; protected set; }

    /// <summary>Handles one event; returns true when it wrote something to <paramref name="output"/>.</summary>
    public abstract bool OnEvent(in SseEvent sseEvent, PipeWriter output);
}
