namespace DataPlane.Guardrails.Checks;

/// <summary>What <c>portkey.pii</c> does with an entity of a category.</summary>
internal enum PiiAction
{
    Fail,
    Redact,
}
