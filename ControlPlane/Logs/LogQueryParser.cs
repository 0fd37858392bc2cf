using System.Globalization;
using ControlPlane.Http;
using Microsoft.Extensions.Primitives;

namespace ControlPlane.Logs;

/// <summary>Query string → <see cref="LogQuery"/>; every bad value is reported under its parameter name.</summary>
internal static class LogQueryParser
{
    private const string MetadataPrefix = "metadata.";

    public static LogQuery Parse(IEnumerable<KeyValuePair<string, StringValues>> query, ValidationErrors errors)
    {
        var result = new LogQuery();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in query)
        {
            var value = values.ToString();
            switch (name)
            {
                case "time_of_generation_min":
                    result = result with { From = QueryValues.Time(name, value, errors) };
                    break;
                case "time_of_generation_max":
                    result = result with { To = QueryValues.Time(name, value, errors) };
                    break;
                case "workspace_id":
                    result = result with { WorkspaceId = QueryValues.Id(name, value, errors) };
                    break;
                case "api_key_id":
                    result = result with { ApiKeyId = QueryValues.Id(name, value, errors) };
                    break;
                case "provider":
                    result = result with { Provider = NonEmpty(name, value, errors) };
                    break;
                case "model":
                    result = result with { Model = NonEmpty(name, value, errors) };
                    break;
                case "trace_id":
                    result = result with { TraceId = NonEmpty(name, value, errors) };
                    break;
                case "cache_status":
                    result = result with { CacheStatus = NonEmpty(name, value, errors) };
                    break;
                case "status":
                    if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var status) && status is >= 100 and <= 999)
                    {
                        result = result with { Status = status };
                    }
                    else
                    {
                        errors.Add(name, "must be an HTTP status code (100-999).");
                    }

                    break;
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
                    if (name.StartsWith(MetadataPrefix, StringComparison.Ordinal) && name.Length > MetadataPrefix.Length)
                    {
                        metadata[name[MetadataPrefix.Length..]] = value;
                    }

                    // Other parameters are ignored, as Portkey does.
                    break;
            }
        }

        if (result.From > result.To)
        {
            errors.Add("time_of_generation_min", "must not be after time_of_generation_max.");
        }

        return result with { Metadata = metadata };
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
