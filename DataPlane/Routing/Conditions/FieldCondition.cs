namespace DataPlane.Routing.Conditions;

/// <summary>One field and its operators (AND-ed); the field is read once for all of them.</summary>
internal sealed class FieldCondition(ConditionField field, OperatorTest[] tests) : ConditionNode
{
    public override bool Matches(ConditionInput input)
    {
        var value = field.Read(input);
        foreach (var test in tests)
        {
            if (!test.Matches(value))
            {
                return false;
            }
        }

        return true;
    }
}
