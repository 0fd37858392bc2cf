namespace DataPlane.Routing.Conditions;

/// <summary>A node of a compiled query: a field test, or an AND/OR of nodes.</summary>
internal abstract class ConditionNode
{
    public abstract bool Matches(ConditionInput input);
}
