namespace Contracts.Guardrails;

/// <summary>
/// The guardrail language (CONTRACT.md §4, Portkey's shorthand): a guardrail is a JSON object whose keys are check ids
/// mapping to their parameters, plus the actions <see cref="Deny"/>, <see cref="Async"/>, <see cref="OnFail"/>,
/// <see cref="OnSuccess"/>. It passes when every check passes; any check may set <see cref="Not"/> to invert itself.
/// Parameter names follow Portkey's (camelCase), listed per check below.
/// </summary>
public static class GuardrailChecks
{
    /// <summary>
    /// PII and secrets. <c>categories</c>: entity types to look for (default: all of <see cref="PiiCategories"/>);
    /// <c>redact</c> (bool, default false): replace what is found with typed placeholders (<c>[EMAIL_1]</c>) and pass,
    /// instead of failing; <c>actions</c>: per-entity override, <c>{"credit_card": "fail", "email": "redact"}</c>.
    /// </summary>
    public const string Pii = "portkey.pii";

    /// <summary><c>rule</c> (regex, required): passes when the text matches.</summary>
    public const string RegexMatch = "default.regexMatch";

    /// <summary><c>words</c> (required), <c>operator</c> <c>any</c> (default) | <c>all</c> | <c>none</c>; whole words, case-insensitive.</summary>
    public const string Contains = "default.contains";

    /// <summary><c>minWords</c>, <c>maxWords</c> (at least one).</summary>
    public const string WordCount = "default.wordCount";

    /// <summary><c>minCharacters</c>, <c>maxCharacters</c> (at least one).</summary>
    public const string CharacterCount = "default.characterCount";

    /// <summary>The text is JSON (an output's, typically); with <c>schema</c> (a JSON Schema object) it must also validate.</summary>
    public const string JsonSchema = "default.jsonSchema";

    /// <summary><c>models</c> (required): the request's model must be one of them.</summary>
    public const string ModelWhitelist = "default.modelWhitelist";

    /// <summary><c>metadataKeys</c> (required): the request's metadata must have every one of them.</summary>
    public const string RequiredMetadataKeys = "default.requiredMetadataKeys";

    /// <summary>
    /// <c>webhookURL</c> (required, http/https), <c>headers</c> (object of strings), <c>timeout</c> (ms, default 3000): POSTs
    /// <c>{"eventType": "beforeRequestHook"|"afterRequestHook", "request": {…}, "response": {…}}</c>; the answer's
    /// <c>verdict</c> (bool) decides; no answer in time, or no verdict, fails the check.
    /// </summary>
    public const string Webhook = "default.webhook";

    /// <summary>Every check id, in the order the docs list them.</summary>
    public static readonly IReadOnlyList<string> All =
        [Pii, RegexMatch, Contains, WordCount, CharacterCount, JsonSchema, ModelWhitelist, RequiredMetadataKeys, Webhook];

    /// <summary>The entity types of <see cref="Pii"/>, as written in <c>categories</c>, <c>actions</c> and placeholders (upper-cased).</summary>
    public static readonly IReadOnlyList<string> PiiCategories =
        ["email", "phone", "credit_card", "iban", "us_ssn", "ip_address", "secret"];

    /// <summary>Action: a failed guardrail refuses the request (446) — or, on an answer, withholds it.</summary>
    public const string Deny = "deny";

    /// <summary>Action: only record the verdict; never blocks or changes anything.</summary>
    public const string Async = "async";

    /// <summary>Portkey's feedback objects; accepted and recorded, no effect on routing.</summary>
    public const string OnFail = "on_fail";

    public const string OnSuccess = "on_success";

    /// <summary>A check parameter: invert the check's verdict.</summary>
    public const string Not = "not";

    /// <summary>Prefix of saved guardrail ids.</summary>
    public const string IdPrefix = "pg-";
}
