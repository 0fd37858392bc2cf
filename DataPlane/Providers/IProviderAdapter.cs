using DataPlane.Inference;

namespace DataPlane.Providers;

/// <summary>
/// One provider kind (<c>ai_provider</c>): how to reach it and map its wire format to OpenAI's.
/// One folder per adapter under <c>Providers/</c>; adapters that call an HTTP upstream derive from
/// <see cref="Http.HttpProviderAdapter"/>; OpenAI-compatible kinds are data (<see cref="OpenAi.OpenAiPresets"/>).
/// See <c>Providers/README.md</c>.
/// </summary>
internal interface IProviderAdapter
{
    /// <summary>The <c>ai_provider</c> value this adapter serves, e.g. <c>openai</c>.</summary>
    string Kind { get; }

    /// <summary>The operations it offers; any other answers 400 <c>operation_not_supported</c> before it is called.</summary>
    InferenceOperation Operations { get; }

    /// <summary>
    /// One attempt: an answer not yet written (<see cref="ProviderResponse"/>), or an error value. Throws only
    /// when <paramref name="cancellationToken"/> (the client) is cancelled.
    /// </summary>
    ValueTask<ProviderResult> SendAsync(ProviderRequest request, CancellationToken cancellationToken);
}
