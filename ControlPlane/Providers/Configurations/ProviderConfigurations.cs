using System.Text.Json;
using System.Text.Json.Nodes;
using ControlPlane.Http;

namespace ControlPlane.Providers.Configurations;

/// <summary>The kind-specific rules of a provider's <c>configurations</c>, and what of them is never shown.</summary>
internal static class ProviderConfigurations
{
    /// <summary>Credentials some kinds keep beside the key (Bedrock's temporary <c>session_token</c>): accepted, never read back.</summary>
    private static readonly string[] WriteOnlyFields = ["session_token"];

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

    /// <summary>The stored configurations as the API shows them: without <see cref="WriteOnlyFields"/>, marked <c>has_…</c> instead.</summary>
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

        foreach (var field in WriteOnlyFields)
        {
            if (shown.Remove(field))
            {
                shown["has_" + field] = true;
            }
        }

        return JsonSerializer.SerializeToElement(shown);
    }
}
