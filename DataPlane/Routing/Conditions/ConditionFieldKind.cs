namespace DataPlane.Routing.Conditions;

/// <summary>Where a query field reads from.</summary>
internal enum ConditionFieldKind
{
    Metadata,
    Params,
    Pathname,
}
