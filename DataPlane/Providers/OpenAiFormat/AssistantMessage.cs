namespace DataPlane.Providers.OpenAiFormat;

/// <summary>A translated answer's assistant message: its text (null when it only calls tools) and its tool calls.</summary>
internal sealed record AssistantMessage(string? Content, IReadOnlyList<ToolCall> ToolCalls);
