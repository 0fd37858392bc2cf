namespace DataPlane.Routing.Conditions;

/// <summary>What a field held in a request (or what an operand is).</summary>
internal enum FieldValueKind
{
    /// <summary>The metadata key or the params path is absent (or the body is not a JSON object).</summary>
    Missing,
    String,
    Number,
    Boolean,
    Null,

    /// <summary>A JSON object or array: equal to no operand.</summary>
    Other,
}
