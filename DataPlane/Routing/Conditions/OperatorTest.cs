using System.Text.Json;
using System.Text.RegularExpressions;
using Contracts.Configs;

namespace DataPlane.Routing.Conditions;

/// <summary>One compiled operator with its operand. A missing field matches only <c>$ne</c> and <c>$nin</c>.</summary>
internal sealed class OperatorTest
{
    private readonly ConditionOperator _operator;
    private readonly FieldValue _operand;
    private readonly FieldValue[] _set;
    private readonly Regex? _regex;

    private OperatorTest(ConditionOperator op, FieldValue operand, FieldValue[] set, Regex? regex)
    {
        _operator = op;
        _operand = operand;
        _set = set;
        _regex = regex;
    }

    /// <exception cref="ArgumentException">An unknown operator or an operand the validator would refuse.</exception>
    public static OperatorTest Create(string name, JsonElement operand) => name switch
    {
        ConditionSyntax.Eq => new(ConditionOperator.Eq, Scalar(operand), [], null),
        ConditionSyntax.Ne => new(ConditionOperator.Ne, Scalar(operand), [], null),
        ConditionSyntax.Gt => new(ConditionOperator.Gt, Ordered(operand), [], null),
        ConditionSyntax.Gte => new(ConditionOperator.Gte, Ordered(operand), [], null),
        ConditionSyntax.Lt => new(ConditionOperator.Lt, Ordered(operand), [], null),
        ConditionSyntax.Lte => new(ConditionOperator.Lte, Ordered(operand), [], null),
        ConditionSyntax.In => new(ConditionOperator.In, default, Set(operand), null),
        ConditionSyntax.Nin => new(ConditionOperator.Nin, default, Set(operand), null),
        ConditionSyntax.Regex when operand.ValueKind == JsonValueKind.String =>
            new(ConditionOperator.Regex, default, [], ConditionSyntax.CreateRegex(operand.GetString()!)),
        _ => throw new ArgumentException($"'{name}' with this operand is not a condition operator.", nameof(name)),
    };

    public bool Matches(in FieldValue value)
    {
        int order;
        return _operator switch
        {
            ConditionOperator.Eq => value.EqualsOperand(_operand),
            ConditionOperator.Ne => !value.EqualsOperand(_operand),
            ConditionOperator.Gt => value.TryCompareTo(_operand, out order) && order > 0,
            ConditionOperator.Gte => value.TryCompareTo(_operand, out order) && order >= 0,
            ConditionOperator.Lt => value.TryCompareTo(_operand, out order) && order < 0,
            ConditionOperator.Lte => value.TryCompareTo(_operand, out order) && order <= 0,
            ConditionOperator.In => InSet(value),
            ConditionOperator.Nin => !InSet(value),
            _ => MatchesRegex(value),
        };
    }

    private bool InSet(in FieldValue value)
    {
        foreach (var item in _set)
        {
            if (value.EqualsOperand(item))
            {
                return true;
            }
        }

        return false;
    }

    private bool MatchesRegex(in FieldValue value)
    {
        if (value.Kind != FieldValueKind.String)
        {
            return false;
        }

        try
        {
            return _regex!.IsMatch(value.Text!);
        }
        catch (RegexMatchTimeoutException)
        {
            // A pattern that backtracks past the timeout on this input is treated as not matching, not as a failed request.
            return false;
        }
    }

    private static FieldValue Scalar(JsonElement operand)
    {
        var value = FieldValue.FromJson(operand);
        return value.Kind is FieldValueKind.Other or FieldValueKind.Missing
            ? throw new ArgumentException("An operand must be a string, number, boolean or null.", nameof(operand))
            : value;
    }

    private static FieldValue Ordered(JsonElement operand) =>
        operand.ValueKind is JsonValueKind.Number or JsonValueKind.String
            ? FieldValue.FromJson(operand)
            : throw new ArgumentException("$gt/$gte/$lt/$lte need a number or a string.", nameof(operand));

    private static FieldValue[] Set(JsonElement operand)
    {
        if (operand.ValueKind != JsonValueKind.Array)
        {
            throw new ArgumentException("$in/$nin need an array.", nameof(operand));
        }

        var set = new FieldValue[operand.GetArrayLength()];
        var index = 0;
        foreach (var item in operand.EnumerateArray())
        {
            set[index++] = Scalar(item);
        }

        return set;
    }
}
