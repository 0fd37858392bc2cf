using DataPlane.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataPlane.Inference;

/// <summary>The OpenAI-compatible inference routes; each is one call into the shared <see cref="InferencePipeline"/>.</summary>
internal static class InferenceApi
{
    public static IEndpointRouteBuilder MapInferenceApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(InferenceOperation.ChatCompletions.Path(), CreateChatCompletion)
            .WithName("CreateChatCompletion")
            .WithSummary("OpenAI-compatible chat completion, streamed as SSE when stream is true")
            .WithTags("Inference");
        app.MapPost(InferenceOperation.Completions.Path(), CreateCompletion)
            .WithName("CreateCompletion")
            .WithSummary("OpenAI-compatible (legacy) text completion, streamed as SSE when stream is true")
            .WithTags("Inference");
        app.MapPost(InferenceOperation.Embeddings.Path(), CreateEmbedding)
            .WithName("CreateEmbedding")
            .WithSummary("OpenAI-compatible embeddings")
            .WithTags("Inference");
        app.MapPost(InferenceOperation.ImageGenerations.Path(), CreateImage)
            .WithName("CreateImage")
            .WithSummary("OpenAI-compatible image generation, for providers that offer it")
            .WithTags("Inference");
        return app;
    }

    public static Task<Results<ProviderReplyResult, GatewayErrorResult>> CreateChatCompletion(HttpContext http, InferencePipeline pipeline, CancellationToken cancellationToken) =>
        pipeline.RunAsync(http, InferenceOperation.ChatCompletions, cancellationToken);

    public static Task<Results<ProviderReplyResult, GatewayErrorResult>> CreateCompletion(HttpContext http, InferencePipeline pipeline, CancellationToken cancellationToken) =>
        pipeline.RunAsync(http, InferenceOperation.Completions, cancellationToken);

    public static Task<Results<ProviderReplyResult, GatewayErrorResult>> CreateEmbedding(HttpContext http, InferencePipeline pipeline, CancellationToken cancellationToken) =>
        pipeline.RunAsync(http, InferenceOperation.Embeddings, cancellationToken);

    public static Task<Results<ProviderReplyResult, GatewayErrorResult>> CreateImage(HttpContext http, InferencePipeline pipeline, CancellationToken cancellationToken) =>
        pipeline.RunAsync(http, InferenceOperation.ImageGenerations, cancellationToken);
}
