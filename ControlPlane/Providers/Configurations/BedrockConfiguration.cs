using System.Text.Json;
using ControlPlane.Http;

namespace ControlPlane.Providers.Configurations;

/// <summary>
/// The <c>configurations</c> of a <c>bedrock</c> provider: <c>region</c> (required, e.g. <c>us-east-1</c>),
/// <c>access_key_id</c> (required, 16–128 letters and digits), <c>session_token</c> (optional, for temporary STS credentials).
/// The secret access key is the provider's write-only <c>key</c>, so one is required. Messages never echo a value.
/// </summary>
internal static class BedrockConfiguration
{
    private const int MaxSessionTokenLength = 4096;

    public static void Validate(JsonElement? configurations, bool hasKey, ValidationErrors errors)
    {
        if (!hasKey)
        {
            errors.Add("key", "is required for ai_provider 'bedrock' (the AWS secret access key).");
        }

        if (configurations is not { ValueKind: JsonValueKind.Object } config)
        {
            errors.Add("configurations", "is required for ai_provider 'bedrock': an object with region and access_key_id.");
            return;
        }

        if (Text(config, "region", errors) is not { } region)
        {
            errors.Add("configurations.region", "is required (e.g. us-east-1).");
        }
        else if (!IsRegion(region))
        {
            errors.Add("configurations.region", "must be an AWS region name: lower-case letters, digits and dashes (e.g. us-east-1).");
        }

        if (Text(config, "access_key_id", errors) is not { } accessKeyId)
        {
            errors.Add("configurations.access_key_id", "is required.");
        }
        else if (accessKeyId.Length is < 16 or > 128 || !accessKeyId.All(char.IsAsciiLetterOrDigit))
        {
            errors.Add("configurations.access_key_id", "must be 16 to 128 letters and digits (e.g. AKIA…).");
        }

        if (config.TryGetProperty("session_token", out var token) && token.ValueKind != JsonValueKind.Null)
        {
            if (token.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(token.GetString()))
            {
                errors.Add("configurations.session_token", "must be a non-empty string when given.");
            }
            else if (token.GetString()!.Length > MaxSessionTokenLength)
            {
                errors.Add("configurations.session_token", $"must be at most {MaxSessionTokenLength} characters.");
            }
        }
    }

    public static bool IsRegion(string value) =>
        value.Length is > 0 and <= 32 && value.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-') && value[0] != '-' && value[^1] != '-';

    /// <summary>The field's trimmed text; null when absent or blank (a non-string is reported here).</summary>
    private static string? Text(JsonElement config, string name, ValidationErrors errors)
    {
        if (!config.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add("configurations." + name, "must be a string.");
            return "";
        }

        var text = value.GetString()!.Trim();
        return text.Length == 0 ? null : text;
    }
}
