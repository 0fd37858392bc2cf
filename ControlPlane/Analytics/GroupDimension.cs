namespace ControlPlane.Analytics;

/// <summary>What <c>/v1/analytics/groups/…</c> groups by.</summary>
internal enum GroupDimension
{
    AiModels,
    Providers,
    ApiKeys,
    Workspaces,
    /// <summary><c>metadata._user</c>, from the raw events.</summary>
    Users,
    /// <summary>Any metadata key, from the raw events.</summary>
    Metadata,
}
