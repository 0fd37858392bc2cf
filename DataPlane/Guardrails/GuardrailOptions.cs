using System.ComponentModel.DataAnnotations;

namespace DataPlane.Guardrails;

/// <summary><c>Gateway:Guardrails</c>.</summary>
internal sealed class GuardrailOptions
{
    public const string SectionName = "Gateway:Guardrails";

    /// <summary>
    /// The webhook client's own ceiling: a check's <c>timeout</c> (default 3000 ms) normally ends a call first; this bounds
    /// one whatever it asked for.
    /// </summary>
    [Range(100, 60_000)]
    public int WebhookMaxTimeoutMs { get; set; } = 10_000;

    /// <summary>How much of a streamed answer is kept to run output guardrails on at its end.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxStreamCaptureBytes { get; set; } = 1024 * 1024;
}
