using System.Text.Json;

namespace ControlPlane.Guardrails;

/// <summary>Where a routing config or a list of guardrails names saved guardrails (<c>"pg-…"</c> strings), with their paths.</summary>
internal static class GuardrailReferences
{
    public static readonly IReadOnlyList<string> Fields = ["input_guardrails", "output_guardrails"];

    /// <summary>Every saved id in <paramref name="config"/>'s guardrail arrays, at any level of <c>targets</c>.</summary>
    public static IEnumerable<GuardrailReference> InConfig(JsonElement config, string path)
    {
        if (config.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        foreach (var field in Fields)
        {
            if (config.TryGetProperty(field, out var list))
            {
                foreach (var reference in InList(list, $"{path}.{field}"))
                {
                    yield return reference;
                }
            }
        }

        if (config.TryGetProperty("targets", out var targets) && targets.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var target in targets.EnumerateArray())
            {
                foreach (var reference in InConfig(target, $"{path}.targets[{index}]"))
                {
                    yield return reference;
                }

                index++;
            }
        }
    }

    /// <summary>The string items of a guardrail array (inline objects name no saved guardrail).</summary>
    public static IEnumerable<GuardrailReference> InList(JsonElement list, string path)
    {
        if (list.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                yield return new GuardrailReference($"{path}[{index}]", item.GetString()!);
            }

            index++;
        }
    }

    public static IEnumerable<GuardrailReference> InList(IEnumerable<JsonElement>? list, string path) =>
        (list ?? []).Select((item, index) => (item, index))
            .Where(x => x.item.ValueKind == JsonValueKind.String)
            .Select(x => new GuardrailReference($"{path}[{x.index}]", x.item.GetString()!));
}
