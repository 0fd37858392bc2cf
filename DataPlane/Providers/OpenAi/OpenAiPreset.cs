using DataPlane.Inference;

namespace DataPlane.Providers.OpenAi;

/// <summary>
/// An OpenAI-compatible provider kind as data: where it lives, how it authenticates, what it offers.
/// A provider entry's <c>base_url</c> overrides <see cref="DefaultBaseUrl"/>.
/// </summary>
/// <param name="Kind">The <c>ai_provider</c> value, e.g. <c>groq</c>.</param>
/// <param name="DefaultBaseUrl">The URL the operation paths (<c>/chat/completions</c>…) are appended to; null = the provider entry must give one.</param>
/// <param name="Operations">What the upstream offers; other operations answer 400 without a call.</param>
/// <param name="SupportsStreamOptions">
/// Whether it accepts <c>stream_options.include_usage</c>: the gateway then asks for usage on every stream.
/// False for upstreams that reject unknown fields or report usage on their own in the last chunk.
/// </param>
/// <param name="AuthHeader">The header that carries the provider key (sent only when the provider has a key).</param>
/// <param name="AuthPrefix">Put before the key in <paramref name="AuthHeader"/>.</param>
internal sealed record OpenAiPreset(
    string Kind,
    string? DefaultBaseUrl,
    InferenceOperation Operations,
    bool SupportsStreamOptions,
    string AuthHeader = "Authorization",
    string AuthPrefix = "Bearer ");
