using DataPlane.Providers.OpenAiFormat;

namespace DataPlane.Providers.Google;

/// <summary>Gemini's <c>finishReason</c> values onto OpenAI's <c>finish_reason</c>.</summary>
internal static class GeminiFinishReasons
{
    public static string ToOpenAi(string? finishReason, bool hasToolCalls) => finishReason switch
    {
        "MAX_TOKENS" => FinishReasons.Length,
        "SAFETY" or "RECITATION" or "BLOCKLIST" or "PROHIBITED_CONTENT" or "SPII" or "IMAGE_SAFETY" or "LANGUAGE" => FinishReasons.ContentFilter,
        // STOP, FINISH_REASON_UNSPECIFIED, OTHER, MALFORMED_FUNCTION_CALL…: the model stopped; with calls, it wants them run.
        _ => hasToolCalls ? FinishReasons.ToolCalls : FinishReasons.Stop,
    };
}
