using System.Security.Claims;
using System.Text.Json;
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
        var group = app.MapGroup("/v1/logs").WithTags("Logs");

        group.MapGet("/", ListLogs).WithName(nameof(ListLogs))
            .RequireAuthorization(Scopes.LogsView)
            .WithSummary("List request logs, newest first (filters: time_of_generation_min/max, workspace_id, api_key_id, provider, model, status, trace_id, cache_status, guardrail_action, metadata.<key>; limit, cursor)")
            .WithQueryParameters([.. LogQueryParser.FilterParameters, "limit", "cursor"]);
        group.MapGet("/{id:guid}", GetLog).WithName(nameof(GetLog))
            .RequireAuthorization(Scopes.LogsView)
            .WithSummary("Get one request log: the whole usage event, every attempt (retries, fallbacks) and guardrail verdict included; bodies as stored (already redacted by the data plane)");
        group.MapPost("/exports", ExportLogs).WithName(nameof(ExportLogs))
            .RequireAuthorization(Scopes.LogsExport)
            .WithSummary("Export request logs as CSV or JSONL, streamed, newest first. Body (or query string): {\"format\": \"csv\"|\"jsonl\", " +
                "the filters of GET /v1/logs, \"metadata\": {\"<key>\": \"<value>\"}, \"limit\": max rows}; the body wins over the query string")
            .WithQueryParameters(["format", .. LogQueryParser.FilterParameters, "limit"]);
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

    public static async Task<Results<LogExportResult, ValidationProblem>> ExportLogs(
        HttpRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var caller = Caller.Require(user);
        var errors = new ValidationErrors();
        JsonElement? body = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            try
            {
                using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
                body = document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                errors.Add("body", $"is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine}).");
            }
        }

        var export = LogExportRequestParser.Parse(request.Query, body, errors);
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        return new LogExportResult(export, WorkspaceScope(caller));
    }

    /// <summary>Workspace keys see only their workspace; an organisation key sees all (null: no scope).</summary>
    internal static Guid? WorkspaceScope(Caller caller) =>
        caller.IsOrganisation ? null : caller.WorkspaceId ?? Guid.Empty;
}
