namespace DataPlane.Providers.Vertex;

/// <summary>Which publisher's wire format a Vertex AI model speaks.</summary>
internal enum VertexModelFamily
{
    /// <summary>Gemini: <c>generateContent</c> / <c>streamGenerateContent?alt=sse</c>, the Gemini API's format.</summary>
    Gemini,

    /// <summary>Claude (<c>claude-*</c>): <c>rawPredict</c> / <c>streamRawPredict</c>, Anthropic's Messages format.</summary>
    Anthropic,
}
