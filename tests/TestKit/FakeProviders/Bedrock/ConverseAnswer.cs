namespace TestKit.FakeProviders.Bedrock;

/// <summary>What <see cref="FakeBedrockServer"/> answers: text pieces and/or one tool use, the stop reason, the token counts.</summary>
internal sealed record ConverseAnswer(List<string>? Words, (string Id, string Name, string Input)? ToolUse, string StopReason, int InputTokens, int OutputTokens);
