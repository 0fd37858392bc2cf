using System.Text.Json;
using Contracts.Guardrails;

namespace DataPlane.Guardrails.Checks;

/// <summary>Turns a check id and its parameters into a <see cref="GuardrailCheck"/>: once per snapshot, never per request.</summary>
internal static class CheckCompiler
{
    /// <summary>
    /// Compiles one check. Parameters are validated first (<see cref="GuardrailValidator.ValidateCheck"/>); invalid ones throw
    /// <see cref="ArgumentException"/> naming the parameter. <c>not: true</c> wraps the check in an <see cref="InvertedCheck"/>.
    /// </summary>
    public static GuardrailCheck Compile(string id, JsonElement parameters, CheckServices services)
    {
        var validation = GuardrailValidator.ValidateCheck(id, parameters);
        if (!validation.IsValid)
        {
            var (path, messages) = validation.Errors.First();
            throw new ArgumentException($"{id}: {path}: {string.Join("; ", messages)}", path);
        }

        GuardrailCheck check = id switch
        {
            GuardrailChecks.Pii => new PiiCheck(
                parameters.TryGetProperty("categories", out _) ? CheckParameters.Strings(parameters, "categories") : null,
                CheckParameters.Bool(parameters, "redact"),
                parameters.TryGetProperty("actions", out var actions)
                    ? actions.EnumerateObject().ToDictionary(a => a.Name, a => a.Value.GetString()!, StringComparer.Ordinal)
                    : null),
            GuardrailChecks.RegexMatch => new RegexMatchCheck(CheckParameters.String(parameters, "rule")!),
            GuardrailChecks.Contains => new ContainsCheck(CheckParameters.Strings(parameters, "words"), CheckParameters.String(parameters, "operator") ?? "any"),
            GuardrailChecks.WordCount => new WordCountCheck(
                CheckParameters.Integer(parameters, "minWords") ?? 0, CheckParameters.Integer(parameters, "maxWords") ?? long.MaxValue),
            GuardrailChecks.CharacterCount => new CharacterCountCheck(
                CheckParameters.Integer(parameters, "minCharacters") ?? 0, CheckParameters.Integer(parameters, "maxCharacters") ?? long.MaxValue),
            GuardrailChecks.JsonSchema => new JsonSchemaCheck(parameters.TryGetProperty("schema", out var schema) ? schema : null),
            GuardrailChecks.ModelWhitelist => new ModelWhitelistCheck(CheckParameters.Strings(parameters, "models")),
            GuardrailChecks.RequiredMetadataKeys => new RequiredMetadataKeysCheck(CheckParameters.Strings(parameters, "metadataKeys")),
            GuardrailChecks.Webhook => new WebhookCheck(
                new Uri(CheckParameters.String(parameters, "webhookURL")!),
                parameters.TryGetProperty("headers", out var headers)
                    ? [.. headers.EnumerateObject().Select(h => KeyValuePair.Create(h.Name, h.Value.GetString()!))]
                    : [],
                TimeSpan.FromMilliseconds(CheckParameters.Integer(parameters, "timeout") ?? GuardrailValidator.DefaultWebhookTimeoutMs),
                services),
            _ => throw new ArgumentException($"'{id}' is not a known check id", nameof(id)),
        };

        return CheckParameters.Bool(parameters, GuardrailChecks.Not) ? new InvertedCheck(check) : check;
    }
}
