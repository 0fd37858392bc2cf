using System.Collections.Frozen;

namespace ControlPlane.Providers;

/// <summary>The provider kinds (<c>ai_provider</c>) the gateway can talk to.</summary>
internal static class AiProviders
{
    public const string OpenAiCompatible = "openai-compatible";

    public static readonly FrozenSet<string> Known = FrozenSet.Create(StringComparer.Ordinal,
    [
        "openai", "azure-openai", "anthropic", "google", "vertex-ai", "bedrock", "mistral-ai", "groq", "deepseek",
        "together-ai", "fireworks-ai", "openrouter", "perplexity-ai", "ollama", OpenAiCompatible, "mock",
    ]);
}
