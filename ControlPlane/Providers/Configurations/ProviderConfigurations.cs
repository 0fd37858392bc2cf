using System.Text.Json;
using System.Text.Json.Nodes;
using Contracts.Security;
using Contracts.Snapshots;
using ControlPlane.Http;

namespace ControlPlane.Providers.Configurations;

/// <summary>The kind-specific rules of a provider's <c>configurations</c>, and what of them is never shown.</summary>
internal static class ProviderConfigurations
{
    /// <param name="key">The key sent with this request (Vertex checks the service-account JSON's shape); null when unchanged.</param>
    public static void Validate(string? aiProvider, JsonElement? configurations, bool hasKey, string? key, bool hasBaseUrl, ValidationErrors errors)
    {
        switch (aiProvider)
        {
            case "azure-openai":
                AzureOpenAiConfiguration.Validate(configurations, hasKey, errors, hasBaseUrl);
                break;
            case "bedrock":
                BedrockConfiguration.Validate(configurations, hasKey, errors);
                break;
            case "vertex-ai":
                VertexAiConfiguration.Validate(configurations, hasKey, errors, key);
                break;
        }
    }

    /// <summary>The configurations as stored: each credential of <see cref="EncryptedSettings.Names"/> encrypted, like the key.</summary>
    public static string ForStorage(JsonElement configurations, SecretProtector protector)
    {
        if (JsonNode.Parse(configurations.GetRawText()) is not JsonObject stored)
        {
            return configurations.GetRawText();
        }

        foreach (var field in EncryptedSettings.Names)
        {
            if (stored[field] is JsonValue value && value.TryGetValue<string>(out var secret) && stored.Remove(field))
            {
                stored[field + EncryptedSettings.Suffix] = protector.Protect(secret);
            }
        }

        return stored.ToJsonString();
    }

    /// <summary>
    /// The stored configurations as the API shows them: credentials (encrypted, or plain from before they were) left out
    /// and marked <c>has_…</c> instead.
    /// </summary>
    public static JsonElement? ForDisplay(string? stored)
    {
        if (stored is null)
        {
            return null;
        }

        if (JsonNode.Parse(stored) is not JsonObject shown)
        {
            return JsonSerializer.Deserialize<JsonElement>(stored);
        }

        foreach (var field in EncryptedSettings.Names)
        {
            if (shown.Remove(field) | shown.Remove(field + EncryptedSettings.Suffix))
            {
                shown["has_" + field] = true;
            }
        }

        return JsonSerializer.SerializeToElement(shown);
    }
}
