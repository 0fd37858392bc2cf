using System.Globalization;
using ControlPlane.Http;
using Microsoft.Extensions.Primitives;

namespace ControlPlane.Logs;

/// <summary>Query string → <see cref="LogQuery"/>; every bad value is reported under its parameter name.</summary>
internal static class LogQueryParser
{
    public const string MetadataPrefix = "metadata.";

    /// <summary>The filter parameters every logs and analytics route takes (besides <c>metadata.&lt;key&gt;</c>).</summary>
    public static readonly string[] FilterParameters =
    [
        "time_of_generation_min", "time_of_generation_max", "workspace_id", "api_key_id", "provider", "model", "status",
        "trace_id", "cache_status", "guardrail_action",
    ];

    /// <summary>The values <c>cache_status</c> can hold (CONTRACT §2).</summary>
    public static readonly string[] CacheStatuses = ["HIT", "MISS", "SEMANTIC HIT", "SEMANTIC MISS", "REFRESH", "DISABLED"];

    /// <summary>The actions a guardrail verdict records (<c>Contracts.Usage.GuardrailVerdict.Action</c>).</summary>
    public static readonly string[] GuardrailActions = ["denied", "warned", "redacted", "passed", "recorded"];

    public static LogQuery Parse(IEnumerable<KeyValuePair<string, StringValues>> query, ValidationErrors errors)
    {
        var result = new LogQuery();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in query)
        {
            var value = values.ToString();
            switch (name)
            {
                case "limit":
                    if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= LogQuery.MaxLimit)
                    {
                        result = result with { Limit = limit };
                    }
                    else
                    {
                        errors.Add(name, $"must be an integer from 1 to {LogQuery.MaxLimit}.");
                    }

                    break;
                case "cursor":
                    if (KeysetCursor.TryDecode(value, out var cursor))
                    {
                        result = result with { Cursor = cursor };
                    }
                    else
                    {
                        errors.Add(name, "is not a cursor returned by this API.");
                    }

                    break;
                default:
                    // Other parameters are ignored, as Portkey does.
                    result = ApplyFilter(result, name, value, metadata, errors);
                    break;
            }
        }

        return Finish(result, metadata, errors);
    }

    /// <summary>
    /// Reads one filter parameter into <paramref name="query"/>; a parameter that is not a filter leaves it unchanged.
    /// <c>metadata.&lt;key&gt;</c> values go to <paramref name="metadata"/>.
    /// </summary>
    public static LogQuery ApplyFilter(LogQuery query, string name, string value, Dictionary<string, string> metadata, ValidationErrors errors)
    {
        switch (name)
        {
            case "time_of_generation_min":
                return query with { From = QueryValues.Time(name, value, errors) };
            case "time_of_generation_max":
                return query with { To = QueryValues.Time(name, value, errors) };
            case "workspace_id":
                return query with { WorkspaceId = QueryValues.Id(name, value, errors) };
            case "api_key_id":
                return query with { ApiKeyId = QueryValues.Id(name, value, errors) };
            case "provider":
                return query with { Provider = NonEmpty(name, value, errors) };
            case "model":
                return query with { Model = NonEmpty(name, value, errors) };
            case "trace_id":
                return query with { TraceId = NonEmpty(name, value, errors) };
            case "cache_status":
                if (Array.IndexOf(CacheStatuses, value) >= 0)
                {
                    return query with { CacheStatus = value };
                }

                errors.Add(name, $"must be one of {string.Join(", ", CacheStatuses)}.");
                return query;
            case "guardrail_action":
                if (Array.IndexOf(GuardrailActions, value) >= 0)
                {
                    return query with { GuardrailAction = value };
                }

                errors.Add(name, $"must be one of {string.Join(", ", GuardrailActions)}.");
                return query;
            case "status":
                if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var status) && status is >= 100 and <= 999)
                {
                    return query with { Status = status };
                }

                errors.Add(name, "must be an HTTP status code (100-999).");
                return query;
            default:
                if (name.StartsWith(MetadataPrefix, StringComparison.Ordinal) && name.Length > MetadataPrefix.Length)
                {
                    metadata[name[MetadataPrefix.Length..]] = value;
                }

                return query;
        }
    }

    /// <summary>Checks across parameters, and the metadata filters collected.</summary>
    public static LogQuery Finish(LogQuery query, Dictionary<string, string> metadata, ValidationErrors errors)
    {
        if (query.From > query.To)
        {
            errors.Add("time_of_generation_min", "must not be after time_of_generation_max.");
        }

        return query with { Metadata = metadata };
    }

    private static string? NonEmpty(string name, string value, ValidationErrors errors)
    {
        if (value.Length is > 0 and <= 512)
        {
            return value;
        }

        errors.Add(name, "must be 1 to 512 characters.");
        return null;
    }
}
