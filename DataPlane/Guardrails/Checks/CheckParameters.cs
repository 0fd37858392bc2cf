using System.Text.Json;

namespace DataPlane.Guardrails.Checks;

/// <summary>Reads parameters that <see cref="Contracts.Guardrails.GuardrailValidator"/> already checked.</summary>
internal static class CheckParameters
{
    public static string[] Strings(JsonElement parameters, string name)
    {
        if (!parameters.TryGetProperty(name, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var values = new string[list.GetArrayLength()];
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            values[index++] = item.GetString()!;
        }

        return values;
    }

    public static string? String(JsonElement parameters, string name) =>
        parameters.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static bool Bool(JsonElement parameters, string name) =>
        parameters.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    public static long? Integer(JsonElement parameters, string name) =>
        parameters.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : null;
}
