using System.Buffers;
using System.IO.Pipelines;
using DataPlane.Errors;
using DataPlane.Providers.OpenAiFormat;
using DataPlane.Providers.Sse;

namespace DataPlane.Providers.OpenAi;

/// <summary>
/// Relays an OpenAI-format stream event by event, unchanged, reading usage and text on the way. The one
/// event it drops is the usage-only chunk (empty <c>choices</c>) that exists only because the gateway
/// asked for <c>include_usage</c> on the client's behalf — so the client sees what OpenAI would have sent
/// it. (Chunks then also carry <c>"usage":null</c>, which OpenAI's own clients ignore.)
/// </summary>
/// <param name="dropUsageOnlyChunk">True when the gateway added include_usage and the client did not ask for it.</param>
/// <param name="requiresDone">False for streams without <c>[DONE]</c> (image generation events).</param>
internal sealed class OpenAiStreamHandler(bool dropUsageOnlyChunk, bool requiresDone) : SseStreamHandler
{
    public override bool RequiresEndMarker => requiresDone;

    public override bool OnEvent(in SseEvent sseEvent, PipeWriter output)
    {
        var data = sseEvent.Data;
        if (sseEvent.IsDone)
        {
            Completed = true;
        }
        else if (!data.IsEmpty && data[0] == (byte)'{')
        {
            var chunk = OpenAiChunkReader.Read(data, Usage);
            if (chunk.IsError)
            {
                ErrorType = StreamErrorTypes.UpstreamErrorEvent;
            }
            else if (dropUsageOnlyChunk && chunk.HasUsage && chunk.ChoiceCount == 0)
            {
                return false;
            }
        }

        // Anything else (comments, keep-alives, events of other kinds) passes through too.
        output.Write(sseEvent.Raw);
        return true;
    }
}
