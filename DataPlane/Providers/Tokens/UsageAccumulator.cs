using System.Text.Json;
using DataPlane.Inference;
using DataPlane.Providers.Http;

namespace DataPlane.Providers.Tokens;

/// <summary>
/// Collects an answer's usage while it is relayed: counts the upstream reported (the last report wins,
/// field by field), and the answer's text (content, tool-call arguments) so that, where no count
/// comes — an upstream that omits usage, a stream that broke — <see cref="TokenCounter"/> can count it.
/// </summary>
internal sealed class UsageAccumulator : IDisposable
{
    private const int MaxTextBytes = 4 * 1024 * 1024;
    private PooledBuffer? _text;

    public int? PromptTokens { get; private set; }
    public int? CompletionTokens { get; private set; }
    public int CachedTokens { get; private set; }

    public void Report(ReportedUsage usage)
    {
        PromptTokens = usage.PromptTokens ?? PromptTokens;
        CompletionTokens = usage.CompletionTokens ?? CompletionTokens;
        CachedTokens = usage.CachedTokens ?? CachedTokens;
    }

    public void AppendText(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty || (_text?.Length ?? 0) + utf8.Length > MaxTextBytes)
        {
            return;
        }

        (_text ??= new PooledBuffer(1024)).Write(utf8);
    }

    /// <summary>Appends the string the reader is on, unescaped.</summary>
    public void AppendString(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return;
        }

        if (!reader.ValueIsEscaped)
        {
            AppendText(reader.ValueSpan);
            return;
        }

        var length = reader.ValueSpan.Length;
        if ((_text?.Length ?? 0) + length > MaxTextBytes)
        {
            return;
        }

        var text = _text ??= new PooledBuffer(1024);
        var written = reader.CopyString(text.GetSpan(length));
        text.Advance(written);
    }

    /// <param name="countMissing">Count what the upstream did not report (false for images, which are not priced in tokens).</param>
    public UsageReport ToReport(InferenceRequest request, TokenCounter tokens, bool countMissing, int upstreamLatencyMs, int? ttftMs)
    {
        var prompt = PromptTokens ?? (countMissing ? tokens.CountPrompt(request) : 0);
        var completion = CompletionTokens ?? (countMissing && _text is not null ? tokens.CountUtf8(_text.WrittenSpan) : 0);
        return new UsageReport(prompt, completion, CachedTokens, upstreamLatencyMs, ttftMs);
    }

    public void Dispose() => _text?.Dispose();
}
