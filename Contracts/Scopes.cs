namespace Contracts;

/// <summary>API key scopes, named as Portkey names them.</summary>
public static class Scopes
{
    public const string CompletionsWrite = "completions.write";
    public const string ConfigsRead = "configs.read";
    public const string ConfigsWrite = "configs.write";
    public const string ProvidersRead = "providers.read";
    public const string ProvidersWrite = "providers.write";
    public const string ApiKeysRead = "api_keys.read";
    public const string ApiKeysWrite = "api_keys.write";
    public const string WorkspacesRead = "workspaces.read";
    public const string WorkspacesWrite = "workspaces.write";
    public const string LogsView = "logs.view";
    public const string LogsExport = "logs.export";
    public const string AnalyticsView = "analytics.view";
    public const string AuditLogsList = "audit_logs.list";

    public static readonly IReadOnlyList<string> All =
    [
        CompletionsWrite, ConfigsRead, ConfigsWrite, ProvidersRead, ProvidersWrite, ApiKeysRead, ApiKeysWrite,
        WorkspacesRead, WorkspacesWrite, LogsView, LogsExport, AnalyticsView, AuditLogsList,
    ];
}
