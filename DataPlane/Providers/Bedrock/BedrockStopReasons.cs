using DataPlane.Providers.OpenAiFormat;

namespace DataPlane.Providers.Bedrock;

/// <summary>Converse's <c>stopReason</c> → OpenAI's <c>finish_reason</c>.</summary>
internal static class BedrockStopReasons
{
    public static string ToFinishReason(string? stopReason) => stopReason switch
    {
        "max_tokens" or "model_context_window_exceeded" => FinishReasons.Length,
        "tool_use" => FinishReasons.ToolCalls,
        "guardrail_intervened" or "content_filtered" => FinishReasons.ContentFilter,
        // end_turn, stop_sequence, and none.
        _ => FinishReasons.Stop,
    };
}
