using System.Text.Json;
using System.Text.Json.Nodes;
using Contracts.Guardrails;

namespace ControlPlane.Guardrails;

/// <summary>
/// <c>default.webhook</c> header values usually carry the credential of the customer's own service, so they are
/// write-only, like a provider's key: reads show each header's name with <see cref="Mask"/> for its value, and a write
/// that sends the mask back (a definition edited after reading it) keeps the stored value.
/// </summary>
internal static class WebhookHeaderSecrets
{
    public const string Mask = "********";

    /// <summary>The definition as reads show it.</summary>
    public static JsonElement Masked(JsonElement definition) =>
        Rewrite(definition, (_, value) => value is null ? null : Mask);

    /// <summary>
    /// <paramref name="incoming"/> with each masked header value replaced by the stored value of the same header, when
    /// <paramref name="storedDefinition"/> has one.
    /// </summary>
    public static JsonElement KeepStored(JsonElement incoming, string storedDefinition)
    {
        var stored = Headers(JsonNode.Parse(storedDefinition));
        return Rewrite(incoming, (name, value) =>
            value == Mask && stored?[name] is JsonValue kept && kept.TryGetValue<string>(out var secret) ? secret : value);
    }

    private static JsonElement Rewrite(JsonElement definition, Func<string, string?, string?> value)
    {
        var root = JsonNode.Parse(definition.GetRawText());
        if (Headers(root) is not { } headers)
        {
            return definition;
        }

        foreach (var name in headers.Select(h => h.Key).ToArray())
        {
            var current = headers[name] is JsonValue text && text.TryGetValue<string>(out var s) ? s : null;
            if (value(name, current) is { } replaced && replaced != current)
            {
                headers[name] = replaced;
            }
        }

        return JsonSerializer.SerializeToElement(root);
    }

    private static JsonObject? Headers(JsonNode? definition) =>
        ((definition as JsonObject)?[GuardrailChecks.Webhook] as JsonObject)?["headers"] as JsonObject;
}
