namespace DataPlane.Guardrails.Checks;

/// <summary>
/// What a check reads. Input hook: the request's texts (chat message contents incl. text parts, completion prompts,
/// embedding inputs); output hook: the answer's texts (message contents / completion texts).
/// </summary>
internal sealed class CheckInput
{
    public required IReadOnlyList<string> Texts { get; init; }

    public required string Model { get; init; }

    public required IReadOnlyDictionary<string, string> Metadata { get; init; }

    public required bool IsOutput { get; init; }

    /// <summary>The client's request body (sent to <c>default.webhook</c>).</summary>
    public ReadOnlyMemory<byte> RequestJson { get; init; }

    /// <summary>The answer's body, output hook only (sent to <c>default.webhook</c>).</summary>
    public ReadOnlyMemory<byte> ResponseJson { get; init; }

    /// <summary>One per request: the same value gets the same placeholder, numbered per type.</summary>
    public required RedactionState Redaction { get; init; }
}
