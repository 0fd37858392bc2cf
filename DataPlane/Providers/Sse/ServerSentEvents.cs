using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using DataPlane.Errors;

namespace DataPlane.Providers.Sse;

/// <summary>SSE framing as OpenAI streams it: <c>data: {json}\n\n</c> per event, ending with <c>data: [DONE]\n\n</c>.</summary>
internal static class ServerSentEvents
{
    public const string ContentType = "text/event-stream";

    private static ReadOnlySpan<byte> DataPrefix => "data: "u8;
    private static ReadOnlySpan<byte> EventEnd => "\n\n"u8;
    private static ReadOnlySpan<byte> Done => "data: [DONE]\n\n"u8;

    /// <summary>Writes one <c>data:</c> event whose payload <paramref name="writeJson"/> writes; the caller flushes.</summary>
    public static void WriteJsonEvent<TState>(PipeWriter output, TState state, Action<Utf8JsonWriter, TState> writeJson)
    {
        output.Write(DataPrefix);
        using (var json = new Utf8JsonWriter(output, WireJson.WriterOptions))
        {
            writeJson(json, state);
        }

        output.Write(EventEnd);
    }

    public static void WriteDone(PipeWriter output) => output.Write(Done);

    /// <summary>A terminal error event in OpenAI's error shape, for a stream that cannot go on; the caller then writes [DONE].</summary>
    public static void WriteErrorEvent(PipeWriter output, GatewayError error)
    {
        output.Write(DataPrefix);
        OpenAiErrorWriter.Write(output, error);
        output.Write(EventEnd);
    }
}
