namespace DataPlane.Inference;

internal static class InferenceOperationExtensions
{
    /// <summary>The gateway's route, e.g. <c>/v1/chat/completions</c> (also the usage event's path).</summary>
    public static string Path(this InferenceOperation operation) => operation switch
    {
        InferenceOperation.ChatCompletions => "/v1/chat/completions",
        InferenceOperation.Completions => "/v1/completions",
        InferenceOperation.Embeddings => "/v1/embeddings",
        InferenceOperation.ImageGenerations => "/v1/images/generations",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };

    /// <summary>The path under an OpenAI-style base URL (<c>…/v1</c>), e.g. <c>/chat/completions</c>.</summary>
    public static string UpstreamPath(this InferenceOperation operation) => operation switch
    {
        InferenceOperation.ChatCompletions => "/chat/completions",
        InferenceOperation.Completions => "/completions",
        InferenceOperation.Embeddings => "/embeddings",
        InferenceOperation.ImageGenerations => "/images/generations",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };

    /// <summary>Whether the answer is an SSE stream that ends with <c>data: [DONE]</c> when <c>stream</c> is true.</summary>
    public static bool StreamsWithDone(this InferenceOperation operation) =>
        operation is InferenceOperation.ChatCompletions or InferenceOperation.Completions;
}
