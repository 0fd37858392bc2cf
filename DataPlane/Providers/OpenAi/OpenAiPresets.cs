using DataPlane.Inference;

namespace DataPlane.Providers.OpenAi;

/// <summary>
/// Every OpenAI-compatible kind the gateway serves, one line each. Adding a provider that speaks
/// OpenAI's API is adding a line here (and its kind to the control plane's list of <c>ai_provider</c>s).
/// </summary>
internal static class OpenAiPresets
{
    private const InferenceOperation Chat = InferenceOperation.ChatCompletions;
    private const InferenceOperation Completions = InferenceOperation.Completions;
    private const InferenceOperation Embeddings = InferenceOperation.Embeddings;
    private const InferenceOperation Images = InferenceOperation.ImageGenerations;

    public static readonly IReadOnlyList<OpenAiPreset> All =
    [
        new("openai", "https://api.openai.com/v1", InferenceOperation.All, SupportsStreamOptions: true),
        new("mistral-ai", "https://api.mistral.ai/v1", Chat | Embeddings, SupportsStreamOptions: false),
        new("groq", "https://api.groq.com/openai/v1", Chat, SupportsStreamOptions: true),
        new("deepseek", "https://api.deepseek.com/v1", Chat, SupportsStreamOptions: true),
        new("together-ai", "https://api.together.xyz/v1", InferenceOperation.All, SupportsStreamOptions: false),
        new("fireworks-ai", "https://api.fireworks.ai/inference/v1", Chat | Completions | Embeddings, SupportsStreamOptions: false),
        new("openrouter", "https://openrouter.ai/api/v1", Chat | Completions, SupportsStreamOptions: false),
        new("perplexity-ai", "https://api.perplexity.ai", Chat, SupportsStreamOptions: false),
        new("ollama", "http://localhost:11434/v1", Chat | Completions | Embeddings, SupportsStreamOptions: true),
        // Any server that speaks OpenAI's API (vLLM, LiteLLM, LM Studio, llama.cpp…): base_url required.
        new("openai-compatible", null, InferenceOperation.All, SupportsStreamOptions: true),
    ];
}
