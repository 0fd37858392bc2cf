namespace DataPlane.Routing.Conditions;

/// <summary>A field operator of the query language.</summary>
internal enum ConditionOperator
{
    Eq,
    Ne,
    Gt,
    Gte,
    Lt,
    Lte,
    In,
    Nin,
    Regex,
}
