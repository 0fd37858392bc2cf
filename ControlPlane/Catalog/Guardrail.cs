namespace ControlPlane.Catalog;

/// <summary>A saved guardrail (<c>pg-…</c>): Portkey's shorthand object, referenced by id from configs and workspace defaults.</summary>
internal sealed class Guardrail
{
    /// <summary><c>pg-</c> + 12 lower-case base32 characters (<c>GuardrailIds</c>).</summary>
    public required string Id { get; set; }
    public required string Name { get; set; }
    /// <summary>The owning workspace; null: organisation-wide, visible to every workspace.</summary>
    public Guid? WorkspaceId { get; set; }
    /// <summary>JSON (jsonb): the guardrail object (check ids → parameters, plus <c>deny</c>, <c>async</c>…).</summary>
    public required string Definition { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Soft delete: logs and audit entries keep naming an id that still means something.</summary>
    public DateTimeOffset? DeletedAt { get; set; }
}
