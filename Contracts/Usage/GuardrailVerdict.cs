namespace Contracts.Usage;

/// <summary>One guardrail's outcome on one request (CONTRACT.md §5 "guardrail verdicts").</summary>
public sealed record GuardrailVerdict
{
    /// <summary><c>input</c> (before the upstream call) or <c>output</c> (on the answer).</summary>
    public required string Hook { get; init; }

    /// <summary>The saved guardrail's id (<c>pg-…</c>), or <c>inline:&lt;where&gt;</c> for one written in a config or default.</summary>
    public required string Guardrail { get; init; }

    /// <summary>True when every check passed (after <c>not</c>).</summary>
    public required bool Verdict { get; init; }

    /// <summary>What was done: <c>passed</c>, <c>denied</c> (446), <c>warned</c> (246), <c>redacted</c>, <c>recorded</c> (async or a stream's output).</summary>
    public required string Action { get; init; }

    public double LatencyMs { get; init; }
    public IReadOnlyList<GuardrailCheckVerdict> Checks { get; init; } = [];
}
