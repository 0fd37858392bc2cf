using System.Globalization;
using ControlPlane.Http;
using Microsoft.Extensions.Primitives;

namespace ControlPlane.Audit;

/// <summary>Query string → <see cref="AuditLogQuery"/>; every bad value is reported under its parameter name.</summary>
internal static class AuditLogQueryParser
{
    public static AuditLogQuery Parse(IEnumerable<KeyValuePair<string, StringValues>> query, ValidationErrors errors)
    {
        var result = new AuditLogQuery();
        foreach (var (name, values) in query)
        {
            var value = values.ToString();
            result = name switch
            {
                "time_min" => result with { From = QueryValues.Time(name, value, errors) },
                "time_max" => result with { To = QueryValues.Time(name, value, errors) },
                "actor_api_key_id" => result with { ActorApiKeyId = QueryValues.Id(name, value, errors) },
                "workspace_id" => result with { WorkspaceId = QueryValues.Id(name, value, errors) },
                "resource_type" => result with { ResourceType = Text(name, value, 40, errors) },
                "resource_id" => result with { ResourceId = Text(name, value, 200, errors) },
                "action" => result with { Action = Text(name, value, 40, errors) },
                "limit" => result with { Limit = ParseLimit(name, value, errors) },
                "cursor" => result with { Cursor = ParseCursor(name, value, errors) },
                // Other parameters are ignored, as on /v1/logs.
                _ => result,
            };
        }

        if (result.From > result.To)
        {
            errors.Add("time_min", "must not be after time_max.");
        }

        return result;
    }

    private static string? Text(string name, string value, int max, ValidationErrors errors)
    {
        if (value.Length > 0 && value.Length <= max)
        {
            return value;
        }

        errors.Add(name, $"must be 1 to {max} characters.");
        return null;
    }

    private static int ParseLimit(string name, string value, ValidationErrors errors)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= AuditLogQuery.MaxLimit)
        {
            return limit;
        }

        errors.Add(name, $"must be an integer from 1 to {AuditLogQuery.MaxLimit}.");
        return AuditLogQuery.DefaultLimit;
    }

    private static KeysetCursor? ParseCursor(string name, string value, ValidationErrors errors)
    {
        if (KeysetCursor.TryDecode(value, out var cursor))
        {
            return cursor;
        }

        errors.Add(name, "is not a cursor returned by this API.");
        return null;
    }
}
