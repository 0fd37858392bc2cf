namespace DataPlane.Providers.OpenAiFormat;

/// <summary>One function call the model asked for, as OpenAI writes it in <c>message.tool_calls</c>.</summary>
/// <param name="Id">The call id the client echoes in its <c>role: tool</c> answer (e.g. Anthropic's <c>toolu_…</c>).</param>
/// <param name="Name">The function's name.</param>
/// <param name="ArgumentsJson">The arguments as a JSON text (OpenAI sends them as a string, not an object).</param>
internal sealed record ToolCall(string Id, string Name, string ArgumentsJson);
