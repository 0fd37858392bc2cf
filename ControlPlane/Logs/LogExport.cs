namespace ControlPlane.Logs;

/// <summary>A parsed export request: the format, the filters of <c>GET /v1/logs</c>, and an optional row cap.</summary>
internal sealed record LogExport(LogExportFormat Format, LogQuery Filters, long? MaxRows);
