namespace DataPlane.Providers.OpenAiFormat;

/// <summary>OpenAI's <c>finish_reason</c> values, which every translated answer maps onto.</summary>
internal static class FinishReasons
{
    public const string Stop = "stop";
    public const string Length = "length";
    public const string ToolCalls = "tool_calls";
    public const string ContentFilter = "content_filter";
}
