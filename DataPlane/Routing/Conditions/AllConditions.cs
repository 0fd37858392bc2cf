namespace DataPlane.Routing.Conditions;

/// <summary><c>$and</c>, and the entries of one query object: every part must match.</summary>
internal sealed class AllConditions(ConditionNode[] parts) : ConditionNode
{
    public override bool Matches(ConditionInput input)
    {
        foreach (var part in parts)
        {
            if (!part.Matches(input))
            {
                return false;
            }
        }

        return true;
    }
}
