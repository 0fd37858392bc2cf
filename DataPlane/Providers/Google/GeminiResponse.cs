using DataPlane.Errors;
using DataPlane.Providers.Tokens;

namespace DataPlane.Providers.Google;

/// <summary>A Gemini <c>GenerateContentResponse</c> (a whole answer, or one stream event), as far as the gateway reads it.</summary>
internal sealed class GeminiResponse
{
    public List<GeminiCandidate> Candidates { get; } = [];

    /// <summary>Null fields where <c>usageMetadata</c> said nothing (or was absent).</summary>
    public ReportedUsage Usage { get; set; }

    /// <summary><c>promptFeedback.blockReason</c>: the prompt itself was blocked and there are no candidates.</summary>
    public string? BlockReason { get; set; }

    public string? ResponseId { get; set; }

    /// <summary>An <c>{"error": …}</c> object instead of an answer (Gemini sends one inside a stream when it fails mid-way).</summary>
    public GeminiError? Error { get; set; }

    /// <summary>Whether the answer is over: a candidate finished, or the prompt was blocked.</summary>
    public bool IsFinished => BlockReason is not null || Candidates.Exists(c => c.FinishReason is not null);
}
