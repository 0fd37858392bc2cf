namespace DataPlane.Providers.Anthropic;

/// <summary>
/// A client request that cannot be said in Anthropic's Messages API (e.g. tool-call arguments that are not
/// JSON); raised only while translating and turned into a 400 at the adapter's edge, never thrown further.
/// </summary>
internal sealed class AnthropicTranslationException(string message, string? param) : Exception(message)
{
    public string? Param { get; } = param;
}
