namespace DataPlane.Providers;

/// <summary>
/// One provider kind (<c>ai_provider</c>): how to reach it and map its wire format to OpenAI's.
/// One folder per adapter under <c>Providers/</c>; OpenAI-compatible kinds will share one base.
/// </summary>
internal interface IProviderAdapter
{
    /// <summary>The <c>ai_provider</c> value this adapter serves, e.g. <c>mock</c>.</summary>
    string Kind { get; }

    ValueTask<ProviderResult> ChatCompletionAsync(ProviderRequest request, CancellationToken cancellationToken);
}
