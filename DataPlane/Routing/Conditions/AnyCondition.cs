namespace DataPlane.Routing.Conditions;

/// <summary><c>$or</c>: at least one part must match.</summary>
internal sealed class AnyCondition(ConditionNode[] parts) : ConditionNode
{
    public override bool Matches(ConditionInput input)
    {
        foreach (var part in parts)
        {
            if (part.Matches(input))
            {
                return true;
            }
        }

        return false;
    }
}
