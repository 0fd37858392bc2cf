namespace DataPlane.Inference;

/// <summary>
/// The OpenAI operations the data plane serves. Flags, so an adapter or preset can name the set it offers.
/// </summary>
[Flags]
internal enum InferenceOperation
{
    None = 0,
    ChatCompletions = 1,
    Completions = 2,
    Embeddings = 4,
    ImageGenerations = 8,
    All = ChatCompletions | Completions | Embeddings | ImageGenerations,
}
