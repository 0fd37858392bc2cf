using System.Text;
using System.Text.Json;

namespace ControlPlane.Audit;

/// <summary>
/// The audit entry's summary of a change, from the request's JSON body: the names of the top-level fields
/// it set, and the new values of a short allow-list of fields that can never hold a secret. Everything else
/// (<c>key</c>, <c>config</c>, <c>configurations</c>, metadata…) is named only, so no secret can leak by accident.
/// </summary>
internal static class AuditSummary
{
    public const int MaxLength = 1000;
    private const int MaxValueLength = 100;

    private static readonly HashSet<string> ShownValues = new(StringComparer.Ordinal)
    {
        "name", "slug", "scopes", "type", "sub_type", "workspace_id", "ai_provider", "expires_at",
        "grace_period_seconds", "models", "base_url",
    };

    /// <summary>E.g. <c>set name="ci", scopes=[logs.view,configs.read], defaults</c>; null when nothing was set.</summary>
    public static string? FromJson(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            var parts = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                var shown = ShownValues.Contains(name) ? Value(ref reader) : null;
                reader.Skip();
                if (seen.Add(name))
                {
                    parts.Add(shown is null ? Truncate(name, MaxValueLength) : $"{name}={shown}");
                }
            }

            return parts.Count == 0 ? null : Truncate("set " + string.Join(", ", parts), MaxLength);
        }
        catch (JsonException)
        {
            // A body the handler refused as malformed: say nothing rather than guess.
            return null;
        }
    }

    private static string? Value(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return $"\"{Truncate(reader.GetString()!, MaxValueLength)}\"";
            case JsonTokenType.Number:
            case JsonTokenType.True:
            case JsonTokenType.False:
            case JsonTokenType.Null:
                return Encoding.UTF8.GetString(reader.ValueSpan);
            case JsonTokenType.StartArray:
                var items = new List<string>();
                var copy = reader;
                while (copy.Read() && copy.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(copy.TokenType == JsonTokenType.String ? copy.GetString()! : copy.TokenType is JsonTokenType.Number ? Encoding.UTF8.GetString(copy.ValueSpan) : "…");
                    copy.Skip();
                }

                return Truncate($"[{string.Join(",", items)}]", MaxValueLength * 4);
            default:
                return null;
        }
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..(max - 1)] + "…";
}
