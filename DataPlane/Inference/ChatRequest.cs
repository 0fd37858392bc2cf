namespace DataPlane.Inference;

/// <summary>
/// A chat completion request: the client's bytes, untouched (an OpenAI-compatible target can be sent
/// them as they are), and the few fields routing needs, read once.
/// </summary>
internal sealed record ChatRequest(ReadOnlyMemory<byte> Body, string Model, bool Stream, bool IncludeUsage, int MessageCount, int? MaxTokens);
