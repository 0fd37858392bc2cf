using Contracts;
using ControlPlane.Auth;

namespace ControlPlane.AdminConsole.Components.Layout;

/// <summary>The console's pages in navigation order, each with the scope its API needs.</summary>
internal static class ConsolePages
{
    public static readonly IReadOnlyList<ConsolePageLink> All =
    [
        new("", "Overview", Scopes.AnalyticsView),
        new("logs", "Logs", Scopes.LogsView),
        new("providers", "Providers", Scopes.ProvidersRead),
        new("configs", "Configs", Scopes.ConfigsRead),
        new("api-keys", "API keys", Scopes.ApiKeysRead),
        new("guardrails", "Guardrails", Scopes.ConfigsRead),
        new("audit", "Audit log", Scopes.AuditLogsList),
    ];

    /// <summary>The pages a key may use; the API refuses the rest anyway.</summary>
    public static IReadOnlyList<ConsolePageLink> For(Caller caller) => [.. All.Where(p => caller.HasScope(p.Scope))];

    /// <summary>Where a sign-in lands without a return address: the first page the key can use.</summary>
    public static string Home(Caller caller) => "/" + (For(caller).FirstOrDefault() ?? All[0]).Href;
}
