namespace ControlPlane.Logs;

/// <summary>What <c>POST /v1/logs/exports</c> writes.</summary>
internal enum LogExportFormat
{
    /// <summary>RFC 4180: a header row, fields quoted when they hold a comma, quote or line break; metadata and attempts as JSON.</summary>
    Csv,

    /// <summary>One JSON object per line, shaped like an item of <c>GET /v1/logs</c>.</summary>
    Jsonl,
}
