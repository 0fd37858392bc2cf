using System.Diagnostics;
using System.Text.Json;
using DataPlane.Providers.Http;
using DataPlane.Providers.OpenAiFormat;
using DataPlane.Providers.Sse;

namespace DataPlane.Providers.Mock;

/// <summary>Writes a <see cref="MockReply"/> as OpenAI would: one JSON body, or SSE chunks flushed one by one.</summary>
internal sealed class MockResponse(MockReply reply, string model, bool stream, bool includeUsage, long startTimestamp, TimeProvider time) : ProviderResponse
{
    private PooledBuffer? _body;

    public override int StatusCode => StatusCodes.Status200OK;

    /// <summary>The non-streamed answer, rendered on first use (output guardrails read it before it is written).</summary>
    public override BufferedAnswer? Buffered => stream ? null : new(Render().WrittenMemory, "application/json", Usage);

    private UsageReport Usage => new(reply.PromptTokens, reply.CompletionTokens, CachedTokens: 0, UpstreamLatencyMs: 0, TtftMs: null);

    public override async Task<ReplyOutcome> WriteToAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        var usage = Usage;
        response.StatusCode = StatusCode;

        if (!stream)
        {
            var body = Render();
            response.ContentType = "application/json";
            response.ContentLength = body.Length;
            await response.BodyWriter.WriteAsync(body.WrittenMemory, cancellationToken);
            return new ReplyOutcome(StatusCode, usage);
        }

        var id = NewId();
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        response.ContentType = ServerSentEvents.ContentType;
        response.Headers.CacheControl = "no-cache";
        var output = response.BodyWriter;
        var chunk = new ChunkState(id, created, model, null, null, null);

        ServerSentEvents.WriteJsonEvent(output, chunk with { Role = "assistant", Content = "" }, WriteChunk);
        await output.FlushAsync(cancellationToken);

        int? ttft = null;
        foreach (var piece in MockReply.SplitIntoChunks(reply.Content))
        {
            ServerSentEvents.WriteJsonEvent(output, chunk with { Content = piece }, WriteChunk);
            await output.FlushAsync(cancellationToken);
            ttft ??= (int)Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;
        }

        ServerSentEvents.WriteJsonEvent(output, chunk with { FinishReason = "stop" }, WriteChunk);
        usage = usage with { TtftMs = ttft };
        if (includeUsage)
        {
            ServerSentEvents.WriteJsonEvent(output, (chunk, usage), static (writer, state) =>
                ChatCompletionWriter.WriteUsageChunk(writer, state.chunk.Id, state.chunk.Created, state.chunk.Model, state.usage));
        }

        ServerSentEvents.WriteDone(output);
        await output.FlushAsync(cancellationToken);
        return new ReplyOutcome(StatusCode, usage);
    }

    public override void Dispose() => _body?.Dispose();

    private static string NewId() => "chatcmpl-" + Guid.CreateVersion7().ToString("N");

    private PooledBuffer Render()
    {
        if (_body is null)
        {
            var body = new PooledBuffer(512 + reply.Content.Length * 2);
            using (var writer = new Utf8JsonWriter(body, WireJson.WriterOptions))
            {
                ChatCompletionWriter.WriteCompletion(writer, NewId(), time.GetUtcNow().ToUnixTimeSeconds(), model, reply.Content, Usage);
            }

            _body = body;
        }

        return _body;
    }

    private static void WriteChunk(Utf8JsonWriter writer, ChunkState state) =>
        ChatCompletionWriter.WriteChunk(writer, state.Id, state.Created, state.Model, state.Role, state.Content, state.FinishReason);

    private readonly record struct ChunkState(string Id, long Created, string Model, string? Role, string? Content, string? FinishReason);
}
