using System.Text.Json;
using DataPlane.Errors;

namespace DataPlane.Headers;

/// <summary><c>x-portkey-metadata</c>: a JSON object of string values, merged over the key's default metadata.</summary>
internal static class MetadataHeaderParser
{
    private const int MaxHeaderLength = 8 * 1024;

    /// <returns>The merged metadata (request wins), or null with <paramref name="error"/> set (400).</returns>
    public static IReadOnlyDictionary<string, string>? ParseAndMerge(string? header, IReadOnlyDictionary<string, string> defaults, out GatewayError? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(header))
        {
            return defaults;
        }

        if (header.Length > MaxHeaderLength)
        {
            error = Invalid($"it is longer than {MaxHeaderLength} characters");
            return null;
        }

        var merged = new Dictionary<string, string>(defaults, StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(header);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = Invalid("it must be a JSON object");
                return null;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    error = Invalid($"the value of '{property.Name}' must be a string");
                    return null;
                }

                merged[property.Name] = property.Value.GetString()!;
            }
        }
        catch (JsonException)
        {
            error = Invalid("it is not valid JSON");
            return null;
        }

        return merged;
    }

    private static GatewayError Invalid(string reason) =>
        GatewayError.InvalidRequest($"Header '{PortkeyHeaders.Metadata}' is invalid: {reason}.", PortkeyHeaders.Metadata, "invalid_metadata");
}
