using System.Text.Json;

namespace Contracts.Configs;

/// <summary>Checks a conditional query (see <see cref="ConditionSyntax"/>), naming every failing path.</summary>
internal static class ConditionQueryValidator
{
    private static readonly string OperatorList = string.Join(", ", ConditionSyntax.Operators);

    private static readonly string FieldList =
        $"{ConditionSyntax.MetadataPrefix}<key>, {ConditionSyntax.ParamsPrefix}<key>, {ConditionSyntax.Pathname}, {ConditionSyntax.And}, {ConditionSyntax.Or}";

    public static void Validate(JsonElement query, string path, ConfigValidationResult result)
    {
        if (query.ValueKind != JsonValueKind.Object)
        {
            result.Add(path, "must be a JSON object");
            return;
        }

        var any = false;
        foreach (var property in query.EnumerateObject())
        {
            any = true;
            var propertyPath = ConfigValidator.Join(path, property.Name);
            switch (property.Name)
            {
                case ConditionSyntax.And or ConditionSyntax.Or:
                    ValidateQueryList(property.Value, propertyPath, result);
                    break;
                case var name when name.StartsWith('$'):
                    result.Add(propertyPath, $"is not a known operator here ({ConditionSyntax.And}, {ConditionSyntax.Or}); field operators go inside a field");
                    break;
                case var name when FieldError(name) is { } error:
                    result.Add(propertyPath, error);
                    break;
                default:
                    ValidateFieldCondition(property.Value, propertyPath, result);
                    break;
            }
        }

        if (!any)
        {
            result.Add(path, $"must hold at least one condition ({FieldList})");
        }
    }

    private static void ValidateQueryList(JsonElement list, string path, ConfigValidationResult result)
    {
        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            result.Add(path, "must be a non-empty array of queries");
            return;
        }

        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            Validate(item, $"{path}[{index++}]", result);
        }
    }

    /// <returns>Why the name is not a field, or null when it is one.</returns>
    private static string? FieldError(string name)
    {
        if (name == ConditionSyntax.Pathname)
        {
            return null;
        }

        if (name.StartsWith(ConditionSyntax.MetadataPrefix, StringComparison.Ordinal))
        {
            return name.Length > ConditionSyntax.MetadataPrefix.Length ? null : "needs a key after 'metadata.'";
        }

        if (name.StartsWith(ConditionSyntax.ParamsPrefix, StringComparison.Ordinal))
        {
            var key = name.AsSpan(ConditionSyntax.ParamsPrefix.Length);
            foreach (var segment in key.Split('.'))
            {
                if (key[segment].IsEmpty)
                {
                    return "needs a key after 'params.' whose dotted parts are not empty";
                }
            }

            return null;
        }

        return $"is not a known query field ({FieldList})";
    }

    private static void ValidateFieldCondition(JsonElement condition, string path, ConfigValidationResult result)
    {
        if (IsScalar(condition))
        {
            return;
        }

        if (condition.ValueKind != JsonValueKind.Object)
        {
            result.Add(path, "must be a value (string, number, boolean or null: implicit $eq) or an object of operators");
            return;
        }

        var any = false;
        foreach (var property in condition.EnumerateObject())
        {
            any = true;
            var operand = property.Value;
            var operandPath = ConfigValidator.Join(path, property.Name);
            switch (property.Name)
            {
                case ConditionSyntax.Eq or ConditionSyntax.Ne:
                    if (!IsScalar(operand))
                    {
                        result.Add(operandPath, "must be a string, number, boolean or null");
                    }

                    break;
                case ConditionSyntax.Gt or ConditionSyntax.Gte or ConditionSyntax.Lt or ConditionSyntax.Lte:
                    if (operand.ValueKind is not (JsonValueKind.Number or JsonValueKind.String))
                    {
                        result.Add(operandPath, "must be a number (compared numerically) or a string (compared ordinally)");
                    }

                    break;
                case ConditionSyntax.In or ConditionSyntax.Nin:
                    ValidateScalarArray(operand, operandPath, result);
                    break;
                case ConditionSyntax.Regex:
                    ValidateRegex(operand, operandPath, result);
                    break;
                default:
                    result.Add(operandPath, $"is not a known operator ({OperatorList})");
                    break;
            }
        }

        if (!any)
        {
            result.Add(path, $"must hold at least one operator ({OperatorList})");
        }
    }

    private static void ValidateScalarArray(JsonElement operand, string path, ConfigValidationResult result)
    {
        if (operand.ValueKind != JsonValueKind.Array)
        {
            result.Add(path, "must be an array of strings, numbers, booleans or nulls");
            return;
        }

        var index = 0;
        foreach (var item in operand.EnumerateArray())
        {
            if (!IsScalar(item))
            {
                result.Add($"{path}[{index}]", "must be a string, number, boolean or null");
            }

            index++;
        }
    }

    private static void ValidateRegex(JsonElement operand, string path, ConfigValidationResult result)
    {
        if (operand.ValueKind != JsonValueKind.String)
        {
            result.Add(path, "must be a regular expression (a string)");
            return;
        }

        try
        {
            _ = ConditionSyntax.CreateRegex(operand.GetString()!);
        }
        catch (ArgumentException e)
        {
            // The parser's message says what is wrong and where, and holds only the pattern the admin wrote.
            result.Add(path, $"is not a valid regular expression: {e.Message}");
        }
    }

    private static bool IsScalar(JsonElement value) =>
        value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null;
}
