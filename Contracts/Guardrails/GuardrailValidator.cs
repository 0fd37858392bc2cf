using System.Text.Json;
using System.Text.RegularExpressions;
using Contracts.Configs;

namespace Contracts.Guardrails;

/// <summary>
/// Structural validation of one guardrail in Portkey's shorthand (<see cref="GuardrailChecks"/>): an object with at least one
/// check key, every key a known check id or an action, each check's parameters of the right names and types. Pure, no I/O:
/// the control plane runs it on saved guardrails and configs, the data plane before compiling a check. Paths read like
/// <c>input_guardrails[0]["default.regexMatch"].rule</c>.
/// </summary>
public static class GuardrailValidator
{
    /// <summary>How long a <c>default.regexMatch</c> rule may run on one text (and how long compiling it here may take).</summary>
    public static readonly TimeSpan RegexMatchTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>The default and the greatest <c>default.webhook</c> <c>timeout</c> (ms).</summary>
    public const int DefaultWebhookTimeoutMs = 3000;

    public const int MaxWebhookTimeoutMs = 30_000;

    /// <summary>The <c>default.contains</c> <c>operator</c> values.</summary>
    public static readonly IReadOnlyList<string> ContainsOperators = ["any", "all", "none"];

    /// <summary>The <c>portkey.pii</c> <c>actions</c> values.</summary>
    public static readonly IReadOnlyList<string> PiiActions = ["redact", "fail"];

    /// <summary>The parameter names each check accepts (besides <see cref="GuardrailChecks.Not"/>).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Parameters = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [GuardrailChecks.Pii] = ["categories", "redact", "actions"],
        [GuardrailChecks.RegexMatch] = ["rule"],
        [GuardrailChecks.Contains] = ["words", "operator"],
        [GuardrailChecks.WordCount] = ["minWords", "maxWords"],
        [GuardrailChecks.CharacterCount] = ["minCharacters", "maxCharacters"],
        [GuardrailChecks.JsonSchema] = ["schema"],
        [GuardrailChecks.ModelWhitelist] = ["models"],
        [GuardrailChecks.RequiredMetadataKeys] = ["metadataKeys"],
        [GuardrailChecks.Webhook] = ["webhookURL", "headers", "timeout"],
    };

    private static readonly string[] Actions = [GuardrailChecks.Deny, GuardrailChecks.Async, GuardrailChecks.OnFail, GuardrailChecks.OnSuccess];

    /// <summary>Validates one guardrail object; paths start at its keys (<c>["default.regexMatch"].rule</c>).</summary>
    public static ConfigValidationResult Validate(JsonElement guardrail) => Validate(guardrail, "");

    /// <summary>Validates one guardrail object; every path starts with <paramref name="rootPath"/> (e.g. <c>guardrail</c>).</summary>
    public static ConfigValidationResult Validate(JsonElement guardrail, string rootPath)
    {
        var result = new ConfigValidationResult();
        Validate(guardrail, rootPath, result);
        return result;
    }

    /// <summary>Validates one check's parameters (what the data plane runs before compiling a check); paths start at the parameters.</summary>
    public static ConfigValidationResult ValidateCheck(string checkId, JsonElement parameters)
    {
        var result = new ConfigValidationResult();
        if (!Parameters.ContainsKey(checkId))
        {
            result.Add(CheckPath("", checkId), $"is not a known check id ({string.Join(", ", GuardrailChecks.All)})");
        }
        else
        {
            ValidateParameters(checkId, parameters, "", result);
        }

        return result;
    }

    /// <summary>Adds what is wrong with <paramref name="guardrail"/> to <paramref name="result"/>, under <paramref name="path"/>.</summary>
    internal static void Validate(JsonElement guardrail, string path, ConfigValidationResult result)
    {
        if (guardrail.ValueKind != JsonValueKind.Object)
        {
            result.Add(path.Length == 0 ? "(root)" : path, "must be a guardrail object: check ids mapping to their parameters, plus actions");
            return;
        }

        var checks = 0;
        foreach (var property in guardrail.EnumerateObject())
        {
            var name = property.Name;
            if (Parameters.ContainsKey(name))
            {
                checks++;
                ValidateParameters(name, property.Value, CheckPath(path, name), result);
            }
            else if (name is GuardrailChecks.Deny or GuardrailChecks.Async)
            {
                if (property.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    result.Add(Field(path, name), "must be true or false");
                }
            }
            else if (name is GuardrailChecks.OnFail or GuardrailChecks.OnSuccess)
            {
                if (property.Value.ValueKind != JsonValueKind.Object)
                {
                    result.Add(Field(path, name), "must be a JSON object");
                }
            }
            else
            {
                result.Add(Field(path, name),
                    $"is not a known check id ({string.Join(", ", GuardrailChecks.All)}) or action ({string.Join(", ", Actions)})");
            }
        }

        if (checks == 0)
        {
            result.Add(path.Length == 0 ? "(root)" : path, $"must hold at least one check ({string.Join(", ", GuardrailChecks.All)})");
        }
    }

    private static void ValidateParameters(string checkId, JsonElement parameters, string path, ConfigValidationResult result)
    {
        if (parameters.ValueKind != JsonValueKind.Object)
        {
            result.Add(path.Length == 0 ? "(root)" : path, "must be a JSON object of the check's parameters");
            return;
        }

        var known = Parameters[checkId];
        foreach (var property in parameters.EnumerateObject())
        {
            if (property.Name != GuardrailChecks.Not && !known.Contains(property.Name))
            {
                result.Add(Field(path, property.Name), $"is not a parameter of {checkId} ({string.Join(", ", [.. known, GuardrailChecks.Not])})");
            }
        }

        if (parameters.TryGetProperty(GuardrailChecks.Not, out var not) && not.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            result.Add(Field(path, GuardrailChecks.Not), "must be true or false");
        }

        switch (checkId)
        {
            case GuardrailChecks.Pii:
                ValidatePii(parameters, path, result);
                break;
            case GuardrailChecks.RegexMatch:
                ValidateRegex(parameters, path, result);
                break;
            case GuardrailChecks.Contains:
                ValidateStrings(parameters, "words", path, required: true, result, requireWordCharacter: true);
                ValidateOneOf(parameters, "operator", ContainsOperators, path, result);
                break;
            case GuardrailChecks.WordCount:
                ValidateBounds(parameters, "minWords", "maxWords", path, result);
                break;
            case GuardrailChecks.CharacterCount:
                ValidateBounds(parameters, "minCharacters", "maxCharacters", path, result);
                break;
            case GuardrailChecks.JsonSchema:
                if (parameters.TryGetProperty("schema", out var schema) && schema.ValueKind is not (JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False))
                {
                    result.Add(Field(path, "schema"), "must be a JSON Schema (an object)");
                }

                break;
            case GuardrailChecks.ModelWhitelist:
                ValidateStrings(parameters, "models", path, required: true, result);
                break;
            case GuardrailChecks.RequiredMetadataKeys:
                ValidateStrings(parameters, "metadataKeys", path, required: true, result);
                break;
            case GuardrailChecks.Webhook:
                ValidateWebhook(parameters, path, result);
                break;
        }
    }

    private static void ValidatePii(JsonElement parameters, string path, ConfigValidationResult result)
    {
        var categories = new HashSet<string>(GuardrailChecks.PiiCategories, StringComparer.Ordinal);
        if (parameters.TryGetProperty("categories", out var list))
        {
            var listPath = Field(path, "categories");
            if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
            {
                result.Add(listPath, $"must be a non-empty array of categories ({string.Join(", ", GuardrailChecks.PiiCategories)})");
            }
            else
            {
                categories.Clear();
                var index = 0;
                foreach (var item in list.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String || !GuardrailChecks.PiiCategories.Contains(item.GetString()))
                    {
                        result.Add($"{listPath}[{index}]", $"must be one of {string.Join(", ", GuardrailChecks.PiiCategories)}");
                    }
                    else
                    {
                        categories.Add(item.GetString()!);
                    }

                    index++;
                }
            }
        }

        if (parameters.TryGetProperty("redact", out var redact) && redact.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            result.Add(Field(path, "redact"), "must be true or false");
        }

        if (!parameters.TryGetProperty("actions", out var actions))
        {
            return;
        }

        var actionsPath = Field(path, "actions");
        if (actions.ValueKind != JsonValueKind.Object)
        {
            result.Add(actionsPath, "must be a JSON object: category → \"redact\" or \"fail\"");
            return;
        }

        foreach (var action in actions.EnumerateObject())
        {
            var actionPath = Field(actionsPath, action.Name);
            if (!GuardrailChecks.PiiCategories.Contains(action.Name))
            {
                result.Add(actionPath, $"is not a category ({string.Join(", ", GuardrailChecks.PiiCategories)})");
            }
            else if (!categories.Contains(action.Name))
            {
                result.Add(actionPath, "names a category that categories leaves out");
            }

            if (action.Value.ValueKind != JsonValueKind.String || !PiiActions.Contains(action.Value.GetString()))
            {
                result.Add(actionPath, "must be \"redact\" or \"fail\"");
            }
        }
    }

    private static void ValidateRegex(JsonElement parameters, string path, ConfigValidationResult result)
    {
        var rulePath = Field(path, "rule");
        if (!parameters.TryGetProperty("rule", out var rule))
        {
            result.Add(rulePath, "is required: a regular expression (.NET syntax)");
            return;
        }

        if (rule.ValueKind != JsonValueKind.String || rule.GetString()!.Length == 0)
        {
            result.Add(rulePath, "must be a non-empty regular expression (.NET syntax)");
            return;
        }

        try
        {
            _ = new Regex(rule.GetString()!, RegexOptions.CultureInvariant, RegexMatchTimeout);
        }
        catch (ArgumentException e)
        {
            // The parser's message names the construct and position, never more than the pattern itself.
            result.Add(rulePath, $"is not a valid regular expression: {e.Message}");
        }
    }

    private static void ValidateStrings(
        JsonElement parameters, string name, string path, bool required, ConfigValidationResult result, bool requireWordCharacter = false)
    {
        var listPath = Field(path, name);
        if (!parameters.TryGetProperty(name, out var list))
        {
            if (required)
            {
                result.Add(listPath, "is required: a non-empty array of strings");
            }

            return;
        }

        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            result.Add(listPath, "must be a non-empty array of strings");
            return;
        }

        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
            {
                result.Add($"{listPath}[{index}]", "must be a non-empty string");
            }
            else if (requireWordCharacter && !item.GetString()!.Any(IsWordCharacter))
            {
                result.Add($"{listPath}[{index}]", "must hold a letter or digit (words are matched whole)");
            }

            index++;
        }
    }

    private static void ValidateOneOf(JsonElement parameters, string name, IReadOnlyList<string> allowed, string path, ConfigValidationResult result)
    {
        if (parameters.TryGetProperty(name, out var value) && (value.ValueKind != JsonValueKind.String || !allowed.Contains(value.GetString())))
        {
            result.Add(Field(path, name), $"must be one of {string.Join(", ", allowed)}");
        }
    }

    private static void ValidateBounds(JsonElement parameters, string minName, string maxName, string path, ConfigValidationResult result)
    {
        var hasMin = parameters.TryGetProperty(minName, out var min);
        var hasMax = parameters.TryGetProperty(maxName, out var max);
        if (!hasMin && !hasMax)
        {
            result.Add(path.Length == 0 ? "(root)" : path, $"needs {minName}, {maxName} or both");
            return;
        }

        long low = 0, high = long.MaxValue;
        var valid = true;
        if (hasMin && !(min.ValueKind == JsonValueKind.Number && min.TryGetInt64(out low) && low >= 0))
        {
            result.Add(Field(path, minName), "must be an integer ≥ 0");
            valid = false;
        }

        if (hasMax && !(max.ValueKind == JsonValueKind.Number && max.TryGetInt64(out high) && high >= 0))
        {
            result.Add(Field(path, maxName), "must be an integer ≥ 0");
            valid = false;
        }

        if (valid && low > high)
        {
            result.Add(Field(path, maxName), $"must be ≥ {minName}");
        }
    }

    private static void ValidateWebhook(JsonElement parameters, string path, ConfigValidationResult result)
    {
        var urlPath = Field(path, "webhookURL");
        if (!parameters.TryGetProperty("webhookURL", out var url))
        {
            result.Add(urlPath, "is required: an absolute http or https URL");
        }
        else if (url.ValueKind != JsonValueKind.String
                 || !Uri.TryCreate(url.GetString(), UriKind.Absolute, out var uri)
                 || uri.Scheme is not ("http" or "https")
                 || uri.Host.Length == 0)
        {
            result.Add(urlPath, "must be an absolute http or https URL");
        }

        if (parameters.TryGetProperty("headers", out var headers))
        {
            var headersPath = Field(path, "headers");
            if (headers.ValueKind != JsonValueKind.Object)
            {
                result.Add(headersPath, "must be a JSON object of string values");
            }
            else
            {
                foreach (var header in headers.EnumerateObject())
                {
                    // The value is never echoed: it is usually a credential.
                    var headerPath = Field(headersPath, header.Name);
                    if (header.Name.Length == 0 || !header.Name.All(IsHeaderNameCharacter))
                    {
                        result.Add(headerPath, "is not a valid HTTP header name");
                    }

                    if (header.Value.ValueKind != JsonValueKind.String)
                    {
                        result.Add(headerPath, "must be a string");
                    }
                    else if (header.Value.GetString()!.Any(c => c is '\r' or '\n' or '\0'))
                    {
                        result.Add(headerPath, "must not contain line breaks");
                    }
                }
            }
        }

        if (parameters.TryGetProperty("timeout", out var timeout)
            && !(timeout.ValueKind == JsonValueKind.Number && timeout.TryGetInt64(out var ms) && ms is > 0 and <= MaxWebhookTimeoutMs))
        {
            result.Add(Field(path, "timeout"), $"must be an integer from 1 to {MaxWebhookTimeoutMs} (milliseconds)");
        }
    }

    /// <summary>What the data plane's word tokenizer treats as part of a word (letters, digits, marks, <c>_</c>).</summary>
    public static bool IsWordCharacter(char c) =>
        c < 128
            ? char.IsAsciiLetterOrDigit(c) || c == '_'
            : char.IsLetterOrDigit(c)
        || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark
            or System.Globalization.UnicodeCategory.SpacingCombiningMark
            or System.Globalization.UnicodeCategory.ConnectorPunctuation;

    // RFC 9110 token characters.
    private static bool IsHeaderNameCharacter(char c) =>
        char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);

    /// <summary><c>path["default.regexMatch"]</c>: check ids hold dots, so they are quoted.</summary>
    internal static string CheckPath(string path, string checkId) => $"{path}[\"{checkId}\"]";

    /// <summary><c>path.field</c>, or <c>path["field"]</c> when the name is not a plain identifier.</summary>
    private static string Field(string path, string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? ConfigValidator.Join(path, name)
            : CheckPath(path, name);
}
