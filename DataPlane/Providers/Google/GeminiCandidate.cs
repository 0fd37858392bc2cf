using System.Text;
using DataPlane.Providers.OpenAiFormat;

namespace DataPlane.Providers.Google;

/// <summary>One <c>candidates[]</c> entry of a Gemini answer (or of one stream event): its visible text, calls and finish reason.</summary>
internal sealed class GeminiCandidate(int index)
{
    private StringBuilder? _text;
    private List<ToolCall>? _toolCalls;

    /// <summary>Gemini's <c>index</c> (its position when absent).</summary>
    public int Index { get; set; } = index;

    /// <summary>The text parts joined (thought summaries excluded), or null when there were none.</summary>
    public string? Text => _text?.ToString();

    public IReadOnlyList<ToolCall> ToolCalls => _toolCalls ?? (IReadOnlyList<ToolCall>)[];

    /// <summary>Gemini's <c>finishReason</c> (e.g. <c>STOP</c>), or null while a stream goes on.</summary>
    public string? FinishReason { get; set; }

    public void AppendText(string text) => (_text ??= new StringBuilder()).Append(text);

    public void AddToolCall(ToolCall call) => (_toolCalls ??= []).Add(call);

    /// <summary>OpenAI's finish_reason: tool_calls whenever the answer calls functions and Gemini stopped normally.</summary>
    public string OpenAiFinishReason => GeminiFinishReasons.ToOpenAi(FinishReason, ToolCalls.Count > 0);
}
