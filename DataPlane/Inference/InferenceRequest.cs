namespace DataPlane.Inference;

/// <summary>
/// One inference request: the client's bytes, untouched (an OpenAI-compatible target can be sent them
/// as they are), and the few fields routing and adapters need, read once.
/// </summary>
/// <param name="MessageCount">Chat: the number of messages; other operations: the number of prompt/input items.</param>
internal sealed record InferenceRequest(
    InferenceOperation Operation,
    ReadOnlyMemory<byte> Body,
    string Model,
    bool Stream,
    bool IncludeUsage,
    int MessageCount,
    int? MaxTokens);
