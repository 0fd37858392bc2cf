using ControlPlane.Limits;

namespace ControlPlane.Governance;

/// <summary>The object a budget alert is about, as the catalog knows it now.</summary>
/// <param name="ScopeName">The webhook's <c>scope</c>: <c>api_key</c>, <c>provider</c> or <c>workspace</c>.</param>
/// <param name="ResourceType">The audit entry's resource type (as the admin API's own entries name it).</param>
/// <param name="ResourceId">The audit entry's resource id: the id, or a provider's slug (as its routes name it).</param>
internal sealed record AlertTarget(string ScopeName, string ResourceType, string ResourceId, string Name, Guid? WorkspaceId, UsageLimits? Limits);
