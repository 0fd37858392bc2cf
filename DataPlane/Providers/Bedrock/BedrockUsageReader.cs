using System.Text.Json;
using DataPlane.Providers.Tokens;

namespace DataPlane.Providers.Bedrock;

/// <summary>
/// Converse's <c>usage</c> (<c>inputTokens</c>, <c>outputTokens</c>, <c>totalTokens</c>, <c>cacheReadInputTokens</c>,
/// <c>cacheWriteInputTokens</c>) → OpenAI's counts. Like Anthropic's, <c>inputTokens</c> leaves out the cached input, so
/// the prompt is input + cache read + cache write and the cached part is the cache read.
/// </summary>
internal static class BedrockUsageReader
{
    public static ReportedUsage Read(JsonElement usage)
    {
        if (usage.ValueKind != JsonValueKind.Object)
        {
            return default;
        }

        int? input = Int(usage, "inputTokens"), output = Int(usage, "outputTokens");
        int? cacheRead = Int(usage, "cacheReadInputTokens"), cacheWrite = Int(usage, "cacheWriteInputTokens");
        int? prompt = input is null && cacheRead is null && cacheWrite is null ? null : (input ?? 0) + (cacheRead ?? 0) + (cacheWrite ?? 0);
        return new ReportedUsage(prompt, output, cacheRead);
    }

    private static int? Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;
}
