using System.Globalization;
using System.Text.Json;

namespace DataPlane.Routing.Conditions;

/// <summary>A field's value in one request, or an operand of a query; a struct so reading a field allocates nothing more.</summary>
internal readonly struct FieldValue
{
    private FieldValue(FieldValueKind kind, string? text = null, double number = 0, bool boolean = false)
    {
        Kind = kind;
        Text = text;
        Number = number;
        Boolean = boolean;
    }

    public static FieldValue Missing => default;

    public static FieldValue Null => new(FieldValueKind.Null);

    public FieldValueKind Kind { get; }

    /// <summary>Kind <see cref="FieldValueKind.String"/>: the string.</summary>
    public string? Text { get; }

    /// <summary>Kind <see cref="FieldValueKind.Number"/>: the number.</summary>
    public double Number { get; }

    /// <summary>Kind <see cref="FieldValueKind.Boolean"/>: the boolean.</summary>
    public bool Boolean { get; }

    public static FieldValue FromString(string text) => new(FieldValueKind.String, text);

    public static FieldValue FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => FromString(element.GetString()!),
        JsonValueKind.Number => element.TryGetDouble(out var number) ? new(FieldValueKind.Number, number: number) : new(FieldValueKind.Other),
        JsonValueKind.True => new(FieldValueKind.Boolean, boolean: true),
        JsonValueKind.False => new(FieldValueKind.Boolean, boolean: false),
        JsonValueKind.Null => Null,
        _ => new(FieldValueKind.Other),
    };

    /// <summary>A number, or a string that parses as one (invariant culture): metadata values are always strings.</summary>
    public bool TryGetNumber(out double number)
    {
        number = Number;
        return Kind == FieldValueKind.Number
            || (Kind == FieldValueKind.String && double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out number));
    }

    /// <summary>A boolean, or a string <c>true</c>/<c>false</c> (any case), for metadata.</summary>
    public bool TryGetBoolean(out bool boolean)
    {
        boolean = Boolean;
        return Kind == FieldValueKind.Boolean || (Kind == FieldValueKind.String && bool.TryParse(Text, out boolean));
    }

    /// <summary>Whether this value equals <paramref name="operand"/> (a query's scalar): the operand's kind decides how.</summary>
    public bool EqualsOperand(in FieldValue operand) => operand.Kind switch
    {
        FieldValueKind.String => Kind == FieldValueKind.String && string.Equals(Text, operand.Text, StringComparison.Ordinal),
        FieldValueKind.Number => TryGetNumber(out var number) && number == operand.Number,
        FieldValueKind.Boolean => TryGetBoolean(out var boolean) && boolean == operand.Boolean,
        FieldValueKind.Null => Kind == FieldValueKind.Null,
        _ => false,
    };

    /// <summary>Orders this value against a number operand (numerically) or a string operand (ordinally).</summary>
    /// <returns>False when they cannot be compared (missing, another kind, a string that is not a number, NaN).</returns>
    public bool TryCompareTo(in FieldValue operand, out int order)
    {
        order = 0;
        switch (operand.Kind)
        {
            case FieldValueKind.Number when TryGetNumber(out var number) && !double.IsNaN(number):
                order = number.CompareTo(operand.Number);
                return true;
            case FieldValueKind.String when Kind == FieldValueKind.String:
                order = string.CompareOrdinal(Text, operand.Text);
                return true;
            default:
                return false;
        }
    }
}
