using DataPlane.Providers.OpenAiFormat;

namespace DataPlane.Providers.Anthropic;

/// <summary>Anthropic's <c>stop_reason</c> → OpenAI's <c>finish_reason</c>.</summary>
internal static class AnthropicStopReasons
{
    public static string ToFinishReason(string? stopReason) => stopReason switch
    {
        "max_tokens" or "model_context_window_exceeded" => FinishReasons.Length,
        "tool_use" => FinishReasons.ToolCalls,
        "refusal" => FinishReasons.ContentFilter,
        // end_turn, stop_sequence, pause_turn (a server tool paused: the turn ended for now), and none.
        _ => FinishReasons.Stop,
    };
}
