using System.Security.Claims;
using Contracts;
using ControlPlane.Auth;
using ControlPlane.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ControlPlane.Logs;

/// <summary><c>/v1/logs</c>: the requests the data plane served, as LogIngestor recorded them.</summary>
internal static class LogsApi
{
    public static IEndpointRouteBuilder MapLogsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/logs")
            .WithTags("Logs")
            .RequireAuthorization(Scopes.LogsView);

        group.MapGet("/", ListLogs).WithName(nameof(ListLogs))
            .WithSummary("List request logs, newest first (filters: time_of_generation_min/max, workspace_id, api_key_id, provider, model, status, trace_id, cache_status, metadata.<key>; limit, cursor)")
            .WithQueryParameters("time_of_generation_min", "time_of_generation_max", "workspace_id", "api_key_id", "provider",
                "model", "status", "trace_id", "cache_status", "limit", "cursor");
        group.MapGet("/{id:guid}", GetLog).WithName(nameof(GetLog)).WithSummary("Get one request log");
        return app;
    }

    public static async Task<Results<Ok<PageResponse<LogItem>>, ValidationProblem>> ListLogs(
        HttpRequest request, ClaimsPrincipal user, RequestLogReader reader, CancellationToken cancellationToken)
    {
        var caller = Caller.Require(user);
        var errors = new ValidationErrors();
        var query = LogQueryParser.Parse(request.Query, errors);
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        return TypedResults.Ok(await reader.ListAsync(query, WorkspaceScope(caller), cancellationToken));
    }

    public static async Task<Results<Ok<LogItem>, ProblemHttpResult>> GetLog(
        Guid id, ClaimsPrincipal user, RequestLogReader reader, CancellationToken cancellationToken)
    {
        var caller = Caller.Require(user);
        var item = await reader.FindAsync(id, WorkspaceScope(caller), cancellationToken);
        return item is null ? Problems.NotFound("log", id.ToString()) : TypedResults.Ok(item);
    }

    private static Guid? WorkspaceScope(Caller caller) =>
        caller.IsOrganisation ? null : caller.WorkspaceId ?? Guid.Empty;
}
