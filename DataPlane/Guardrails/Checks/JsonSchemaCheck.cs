using System.Text;
using System.Text.Json;
using Contracts.Guardrails;
using Json.Schema;

namespace DataPlane.Guardrails.Checks;

/// <summary>
/// <c>default.jsonSchema</c>: the texts joined with "\n" parse as JSON — the first <c>```</c> fenced block when there is one,
/// else the whole text — and, with <c>schema</c>, validate against it (JsonSchema.Net, built once). Explanations name the
/// failing locations and keywords, never values.
/// </summary>
internal sealed class JsonSchemaCheck : GuardrailCheck
{
    private const int MaxReportedErrors = 5;
    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List };

    private readonly JsonSchema? _schema;

    /// <param name="schema">The schema, or null for "any JSON".</param>
    public JsonSchemaCheck(JsonElement? schema)
    {
        if (schema is not { } element)
        {
            return;
        }

        try
        {
            // A registry of its own: the global one refuses a second schema with the same $id and would keep every snapshot's.
            _schema = JsonSchema.Build(element.Clone(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        }
        catch (Exception e) when (e is JsonSchemaException or JsonException or ArgumentException or InvalidOperationException or KeyNotFoundException or UriFormatException)
        {
            throw new ArgumentException($"schema: not a usable JSON Schema ({e.Message})", "schema", e);
        }
    }

    public override string Id => GuardrailChecks.JsonSchema;

    public override ValueTask<CheckOutcome> EvaluateAsync(CheckInput input, CancellationToken cancellationToken)
    {
        var text = input.Texts.Count == 1 ? input.Texts[0] : string.Join('\n', input.Texts);
        var json = Unfence(text);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToString());
        }
        catch (JsonException)
        {
            return ValueTask.FromResult(new CheckOutcome(false, "the text is not valid JSON"));
        }

        using (document)
        {
            if (_schema is null)
            {
                return ValueTask.FromResult(new CheckOutcome(true, "the text is valid JSON"));
            }

            var results = _schema.Evaluate(document.RootElement, Evaluation);
            return ValueTask.FromResult(results.IsValid
                ? new CheckOutcome(true, "the JSON matches the schema")
                : new CheckOutcome(false, $"the JSON does not match the schema: {Describe(results)}"));
        }
    }

    /// <summary>The content of the first <c>```</c> block (after its language tag), or the text itself.</summary>
    public static ReadOnlyMemory<char> Unfence(string text)
    {
        var open = text.IndexOf("```", StringComparison.Ordinal);
        if (open < 0)
        {
            return text.AsMemory().Trim();
        }

        var lineEnd = text.IndexOf('\n', open + 3);
        if (lineEnd < 0)
        {
            return ReadOnlyMemory<char>.Empty;
        }

        var close = text.IndexOf("```", lineEnd + 1, StringComparison.Ordinal);
        var content = close < 0 ? text.AsMemory(lineEnd + 1) : text.AsMemory(lineEnd + 1, close - lineEnd - 1);
        return content.Trim();
    }

    private static string Describe(EvaluationResults results)
    {
        var description = new StringBuilder();
        var reported = 0;
        foreach (var detail in results.Details ?? [])
        {
            if (detail.Errors is not { Count: > 0 } errors)
            {
                continue;
            }

            if (reported++ == MaxReportedErrors)
            {
                description.Append(", …");
                break;
            }

            var location = detail.InstanceLocation.ToString();
            description.Append(reported > 1 ? ", " : "").Append(location.Length == 0 ? "/" : location)
                .Append(" (").AppendJoin(", ", errors.Keys).Append(')');
        }

        return reported == 0 ? "invalid" : description.ToString();
    }
}
