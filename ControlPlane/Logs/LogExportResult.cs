using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace ControlPlane.Logs;

/// <summary>
/// Streams an export: rows are written as PostgreSQL sends them, never gathered first. Once the first byte is out the
/// status is sent, so a failure after that can only cut the response short (the client sees an incomplete file).
/// </summary>
internal sealed class LogExportResult(LogExport export, Guid? workspaceScope) : IResult, IEndpointMetadataProvider
{
    public const string CsvContentType = "text/csv; charset=utf-8";
    public const string JsonlContentType = "application/x-ndjson; charset=utf-8";

    /// <summary>The CSV columns, in the order of <see cref="LogItem"/>'s fields.</summary>
    public static readonly string[] CsvHeader =
    [
        "id", "trace_id", "created_at", "workspace_id", "api_key_id", "provider", "ai_provider", "model", "path", "status",
        "error_type", "stream", "prompt_tokens", "completion_tokens", "cached_tokens", "total_tokens", "cost_usd", "price_known",
        "latency_ms", "upstream_latency_ms", "ttft_ms", "cache_status", "retry_count", "last_used_option_index", "config_id",
        "config_version", "metadata", "attempts", "guardrails", "request_body", "response_body",
    ];

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var reader = httpContext.RequestServices.GetRequiredService<RequestLogReader>();
        var json = httpContext.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var response = httpContext.Response;
        var csv = export.Format == LogExportFormat.Csv;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = csv ? CsvContentType : JsonlContentType;
        var fileName = $"logs-{DateTimeOffset.UtcNow:yyyyMMdd'T'HHmmss'Z'}.{(csv ? "csv" : "jsonl")}";
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";

        var cancellationToken = httpContext.RequestAborted;
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(false), bufferSize: 64 * 1024);
        if (csv)
        {
            await writer.WriteAsync(string.Join(',', CsvHeader).AsMemory(), cancellationToken);
            await writer.WriteAsync("\r\n".AsMemory(), cancellationToken);
        }

        await reader.ExportAsync(export.Filters, workspaceScope, export.MaxRows, async (item, ct) =>
        {
            var line = csv ? ToCsvRow(item) : JsonSerializer.Serialize(item, json) + "\n";
            await writer.WriteAsync(line.AsMemory(), ct);
        }, cancellationToken);
        await writer.FlushAsync(cancellationToken);
    }

    public static string ToCsvRow(LogItem item)
    {
        static string Text(object? value) => value switch
        {
            null => "",
            DateTimeOffset time => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            bool flag => flag ? "true" : "false",
            JsonElement element => element.GetRawText(),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };

        object?[] fields =
        [
            item.Id, item.TraceId, item.CreatedAt, item.WorkspaceId, item.ApiKeyId, item.Provider, item.AiProvider, item.Model,
            item.Path, item.Status, item.ErrorType, item.Stream, item.PromptTokens, item.CompletionTokens, item.CachedTokens,
            item.TotalTokens, item.CostUsd, item.PriceKnown, item.LatencyMs, item.UpstreamLatencyMs, item.TtftMs, item.CacheStatus,
            item.RetryCount, item.LastUsedOptionIndex, item.ConfigId, item.ConfigVersion, item.Metadata, item.Attempts, item.Guardrails, item.RequestBody, item.ResponseBody,
        ];
        var row = new StringBuilder(512);
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                row.Append(',');
            }

            row.Append(CsvField.Escape(Text(fields[i])));
        }

        return row.Append("\r\n").ToString();
    }

    /// <summary>Tells OpenAPI what the 200 is: a file in either format.</summary>
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), ["text/csv", "application/x-ndjson"]));
}
