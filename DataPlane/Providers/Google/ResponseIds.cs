namespace DataPlane.Providers.Google;

/// <summary>OpenAI-style ids for translated answers: Gemini's <c>responseId</c> when it sent one, so both sides can be correlated.</summary>
internal static class ResponseIds
{
    public static string ChatCompletionId(string? responseId) =>
        "chatcmpl-" + (string.IsNullOrEmpty(responseId) ? Guid.CreateVersion7().ToString("N") : responseId);
}
