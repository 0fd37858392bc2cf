namespace ControlPlane.Audit;

/// <summary>Endpoint metadata naming the resource type written to the audit log (set once per API group).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
internal sealed class AuditResourceAttribute(string resourceType) : Attribute
{
    public string ResourceType { get; } = resourceType;
}
