using System.Text.Json;
using Contracts.Configs;

namespace DataPlane.Routing.Conditions;

/// <summary>
/// One compiled <c>strategy.conditions[i].query</c> (language: <see cref="ConditionSyntax"/>). Immutable and thread-safe:
/// compile once per config, then call <see cref="Matches"/> per request with that request's <see cref="ConditionInput"/>.
/// </summary>
internal sealed class ConditionQuery
{
    private readonly ConditionNode _root;

    private ConditionQuery(ConditionNode root) => _root = root;

    /// <summary>Compiles a query that passed <see cref="ConfigValidator"/>.</summary>
    /// <exception cref="ArgumentException">The query is not valid (the validator would have named why).</exception>
    public static ConditionQuery Compile(JsonElement query) => new(CompileQuery(query));

    public bool Matches(ConditionInput input) => _root.Matches(input);

    private static ConditionNode CompileQuery(JsonElement query)
    {
        if (query.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("A condition query must be a JSON object.", nameof(query));
        }

        var parts = new List<ConditionNode>();
        foreach (var property in query.EnumerateObject())
        {
            parts.Add(property.Name switch
            {
                ConditionSyntax.And => new AllConditions(CompileList(property.Value)),
                ConditionSyntax.Or => new AnyCondition(CompileList(property.Value)),
                _ => new FieldCondition(ConditionField.Parse(property.Name), CompileTests(property.Value)),
            });
        }

        return parts.Count switch
        {
            0 => throw new ArgumentException("A condition query must hold at least one condition.", nameof(query)),
            1 => parts[0],
            _ => new AllConditions([.. parts]), // several entries in one object are AND-ed
        };
    }

    private static ConditionNode[] CompileList(JsonElement list)
    {
        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            throw new ArgumentException("$and/$or must be a non-empty array of queries.", nameof(list));
        }

        var nodes = new ConditionNode[list.GetArrayLength()];
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            nodes[index++] = CompileQuery(item);
        }

        return nodes;
    }

    private static OperatorTest[] CompileTests(JsonElement condition)
    {
        if (condition.ValueKind != JsonValueKind.Object)
        {
            return [OperatorTest.Create(ConditionSyntax.Eq, condition)];
        }

        var tests = new List<OperatorTest>();
        foreach (var property in condition.EnumerateObject())
        {
            tests.Add(OperatorTest.Create(property.Name, property.Value));
        }

        return tests.Count > 0 ? [.. tests] : throw new ArgumentException("A field's operator object must not be empty.", nameof(condition));
    }
}
