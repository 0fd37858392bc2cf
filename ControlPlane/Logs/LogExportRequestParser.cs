using System.Globalization;
using System.Text.Json;
using ControlPlane.Http;
using Microsoft.Extensions.Primitives;

namespace ControlPlane.Logs;

/// <summary>
/// The export request: <c>format</c> and the filters of <c>GET /v1/logs</c>, in the JSON body or the query string (the body
/// wins where both name one). In the body, metadata filters are <c>"metadata": {"k": "v"}</c> or <c>"metadata.k": "v"</c>.
/// </summary>
internal static class LogExportRequestParser
{
    public const long MaxRows = 10_000_000;

    public static LogExport Parse(IEnumerable<KeyValuePair<string, StringValues>> query, JsonElement? body, ValidationErrors errors)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in query)
        {
            values[name] = value.ToString();
        }

        if (body is { } json)
        {
            ReadBody(json, values, errors);
        }

        var filters = new LogQuery();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        LogExportFormat? format = null;
        long? maxRows = null;
        foreach (var (name, value) in values)
        {
            switch (name)
            {
                case "format":
                    format = value.ToLowerInvariant() switch
                    {
                        "csv" => LogExportFormat.Csv,
                        "jsonl" => LogExportFormat.Jsonl,
                        _ => null,
                    };
                    break;
                case "limit":
                    if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= MaxRows)
                    {
                        maxRows = limit;
                    }
                    else
                    {
                        errors.Add(name, $"must be an integer from 1 to {MaxRows}.");
                    }

                    break;
                case "cursor":
                    errors.Add(name, "is not supported by exports: an export streams every matching row.");
                    break;
                default:
                    filters = LogQueryParser.ApplyFilter(filters, name, value, metadata, errors);
                    break;
            }
        }

        if (format is null)
        {
            errors.Add("format", "must be 'csv' or 'jsonl'.");
        }

        filters = LogQueryParser.Finish(filters, metadata, errors);
        return new LogExport(format ?? LogExportFormat.Csv, filters, maxRows);
    }

    private static void ReadBody(JsonElement body, Dictionary<string, string> values, ValidationErrors errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", "must be a JSON object, e.g. {\"format\": \"csv\", \"time_of_generation_min\": \"2025-01-01T00:00:00Z\"}.");
            return;
        }

        foreach (var property in body.EnumerateObject())
        {
            if (property.Name == "metadata")
            {
                if (property.Value.ValueKind != JsonValueKind.Object)
                {
                    errors.Add("metadata", "must be an object of string values.");
                    continue;
                }

                foreach (var entry in property.Value.EnumerateObject())
                {
                    if (entry.Value.ValueKind == JsonValueKind.String)
                    {
                        values[LogQueryParser.MetadataPrefix + entry.Name] = entry.Value.GetString()!;
                    }
                    else
                    {
                        errors.Add("metadata." + entry.Name, "must be a string.");
                    }
                }

                continue;
            }

            switch (property.Value.ValueKind)
            {
                case JsonValueKind.String:
                    values[property.Name] = property.Value.GetString()!;
                    break;
                case JsonValueKind.Number:
                    values[property.Name] = property.Value.GetRawText();
                    break;
                case JsonValueKind.Null:
                    values.Remove(property.Name);
                    break;
                default:
                    errors.Add(property.Name, "must be a string or a number.");
                    break;
            }
        }
    }
}
