using Contracts;
using ControlPlane.Auth;
using ControlPlane.Http;
using ControlPlane.Logs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ControlPlane.Analytics;

/// <summary>
/// <c>/v1/analytics</c>: graphs over time buckets and totals per group, with the filters of <c>/v1/logs</c>
/// (time range defaulting to the last 24 hours). Read from the rollups; a filter the rollups do not keep (status,
/// trace_id, cache_status, guardrail_action, metadata.&lt;key&gt;), and the users/metadata/guardrails groups, read the raw events instead.
/// </summary>
internal static class AnalyticsApi
{
    private const string FilterHelp =
        "Filters as GET /v1/logs (time_of_generation_min/max, default the last 24 h; workspace_id, api_key_id, provider, model, " +
        "status, trace_id, cache_status, guardrail_action, metadata.<key>); ranges widen to whole buckets";

    public static IEndpointRouteBuilder MapAnalyticsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/analytics")
            .WithTags("Analytics")
            .RequireAuthorization(Scopes.AnalyticsView);
        string[] graphParameters = [.. LogQueryParser.FilterParameters, "granularity"];
        string[] groupParameters = [.. LogQueryParser.FilterParameters, "granularity", "limit"];

        group.MapGet("/graphs/requests", GraphRequests).WithName(nameof(GraphRequests))
            .WithSummary($"Requests per time bucket. granularity=minute|hour|day (default from the range). {FilterHelp}")
            .WithQueryParameters(graphParameters);
        group.MapGet("/graphs/cost", GraphCost).WithName(nameof(GraphCost))
            .WithSummary($"Cost in USD per time bucket. {FilterHelp}")
            .WithQueryParameters(graphParameters);
        group.MapGet("/graphs/tokens", GraphTokens).WithName(nameof(GraphTokens))
            .WithSummary($"Prompt, completion, cached and total tokens per time bucket. {FilterHelp}")
            .WithQueryParameters(graphParameters);
        group.MapGet("/graphs/latency", GraphLatency).WithName(nameof(GraphLatency))
            .WithSummary($"Latency p50/p95/p99 and average (ms) per time bucket, from summed latency histograms (exact from raw events). {FilterHelp}")
            .WithQueryParameters(graphParameters);
        group.MapGet("/graphs/errors", GraphErrors).WithName(nameof(GraphErrors))
            .WithSummary($"Errors (status >= 400) and error rate per time bucket. {FilterHelp}")
            .WithQueryParameters(graphParameters);
        group.MapGet("/graphs/cache/hit-rate", GraphCacheHitRate).WithName(nameof(GraphCacheHitRate))
            .WithSummary($"Cache hits (HIT, SEMANTIC HIT), lookups (cache not DISABLED) and hit rate per time bucket. {FilterHelp}")
            .WithQueryParameters(graphParameters);

        group.MapGet("/groups/ai-models", GroupByAiModels).WithName(nameof(GroupByAiModels))
            .WithSummary($"Totals per model, most expensive first (limit, default 50). {FilterHelp}")
            .WithQueryParameters(groupParameters);
        group.MapGet("/groups/providers", GroupByProviders).WithName(nameof(GroupByProviders))
            .WithSummary($"Totals per provider slug, most expensive first. {FilterHelp}")
            .WithQueryParameters(groupParameters);
        group.MapGet("/groups/api-keys", GroupByApiKeys).WithName(nameof(GroupByApiKeys))
            .WithSummary($"Totals per API key id, most expensive first. {FilterHelp}")
            .WithQueryParameters(groupParameters);
        group.MapGet("/groups/workspaces", GroupByWorkspaces).WithName(nameof(GroupByWorkspaces))
            .WithSummary($"Totals per workspace id, most expensive first. {FilterHelp}")
            .WithQueryParameters(groupParameters);
        group.MapGet("/groups/users", GroupByUsers).WithName(nameof(GroupByUsers))
            .WithSummary($"Totals per end user (metadata _user; requests without one left out), most expensive first; reads the raw events. {FilterHelp}")
            .WithQueryParameters(groupParameters);
        group.MapGet("/groups/metadata/{key}", GroupByMetadata).WithName(nameof(GroupByMetadata))
            .WithSummary($"Totals per value of a metadata key (requests without it left out), most expensive first; reads the raw events. {FilterHelp}")
            .WithQueryParameters(groupParameters);
        group.MapGet("/groups/guardrails", GroupByGuardrails).WithName(nameof(GroupByGuardrails))
            .WithSummary("Outcomes per guardrail id (evaluations, failures, denied, warned, redacted), most denials first; reads the raw " +
                $"events' verdicts. {FilterHelp}")
            .WithQueryParameters(groupParameters);
        return app;
    }

    public static Task<Results<Ok<ListResponse<RequestsPoint>>, ValidationProblem>> GraphRequests(
        HttpContext context, AnalyticsReader reader, TimeProvider time, CancellationToken cancellationToken) =>
        GraphAsync(context, reader, time, latency: false, GraphPoints.Requests, cancellationToken);

    public static Task<Results<Ok<ListResponse<CostPoint>>, ValidationProblem>> GraphCost(
        HttpContext context, AnalyticsReader reader, TimeProvider time, CancellationToken cancellationToken) =>
        GraphAsync(context, reader, time, latency: false, GraphPoints.Cost, cancellationToken);

    public static Task<Results<Ok<ListResponse<TokensPoint>>, ValidationProblem>> GraphTokens(
        HttpContext context, AnalyticsReader reader, TimeProvider time, CancellationToken cancellationToken) =>
        GraphAsync(context, reader, time, latency: false, GraphPoints.Tokens, cancellationToken);

    public static Task<Results<Ok<ListResponse<LatencyPoint>>, ValidationProblem>> GraphLatency(
        HttpContext context, AnalyticsReader reader, TimeProvider time, CancellationToken cancellationToken) =>
        GraphAsync(context, reader, time, latency: true, GraphPoints.Latency, cancellationToken);

    public static Task<Results<Ok<ListResponse<ErrorsPoint>>, ValidationProblem>> GraphErrors(
        HttpContext context, AnalyticsReader reader, TimeProvider time, CancellationToken cancellationToken) =>
        GraphAsync(context, reader, time, latency: false, GraphPoints.Errors, cancellationToken);

    public static Task<Results<Ok<ListResponse<CacheHitRatePoint>>, ValidationProblem>> GraphCacheHitRate(
        HttpContext context, AnalyticsReader reader, TimeProvider time, CancellationToken cancellationToken) =>
        GraphAsync(context, reader, time, latency: false, GraphPoints.CacheHitRate, cancellationToken);

    public static Task<Results<Ok<ListResponse<GroupItem>>, ValidationProblem>> GroupByAiModels(
        HttpContext context, AnalyticsReader reader, TimeProvider time, CancellationToken cancellationToken) =>
        GroupAsync(context, reader, time, GroupDimension.AiModels, null, cancellationToken);

    public static Task<Results<Ok<ListResponse<GroupItem>>, ValidationProblem>> GroupByProviders(
        HttpContext context, AnalyticsReader reader, TimeProvider time, CancellationToken cancellationToken) =>
        GroupAsync(context, reader, time, GroupDimension.Providers, null, cancellationToken);

    public static Task<Results<Ok<ListResponse<GroupItem>>, ValidationProblem>> GroupByApiKeys(
        HttpContext context, AnalyticsReader reader, TimeProvider time, CancellationToken cancellationToken) =>
        GroupAsync(context, reader, time, GroupDimension.ApiKeys, null, cancellationToken);

    public static Task<Results<Ok<ListResponse<GroupItem>>, ValidationProblem>> GroupByWorkspaces(
        HttpContext context, AnalyticsReader reader, TimeProvider time, CancellationToken cancellationToken) =>
        GroupAsync(context, reader, time, GroupDimension.Workspaces, null, cancellationToken);

    public static Task<Results<Ok<ListResponse<GroupItem>>, ValidationProblem>> GroupByUsers(
        HttpContext context, AnalyticsReader reader, TimeProvider time, CancellationToken cancellationToken) =>
        GroupAsync(context, reader, time, GroupDimension.Users, null, cancellationToken);

    public static Task<Results<Ok<ListResponse<GroupItem>>, ValidationProblem>> GroupByMetadata(
        string key, HttpContext context, AnalyticsReader reader, TimeProvider time, CancellationToken cancellationToken) =>
        GroupAsync(context, reader, time, GroupDimension.Metadata, key, cancellationToken);

    public static async Task<Results<Ok<ListResponse<GuardrailGroupItem>>, ValidationProblem>> GroupByGuardrails(
        HttpContext context, AnalyticsReader reader, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.Require(context.User);
        var errors = new ValidationErrors();
        var query = AnalyticsQueryParser.Parse(context.Request.Query, time.GetUtcNow(), errors);
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        var groups = await reader.GuardrailGroupsAsync(query, LogsApi.WorkspaceScope(caller), cancellationToken);
        return TypedResults.Ok(new ListResponse<GuardrailGroupItem>(groups));
    }

    private static async Task<Results<Ok<ListResponse<TPoint>>, ValidationProblem>> GraphAsync<TPoint>(
        HttpContext context, AnalyticsReader reader, TimeProvider time, bool latency, Func<BucketTotals, TPoint> project,
        CancellationToken cancellationToken)
    {
        var caller = Caller.Require(context.User);
        var errors = new ValidationErrors();
        var query = AnalyticsQueryParser.Parse(context.Request.Query, time.GetUtcNow(), errors);
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        var series = await reader.SeriesAsync(query, LogsApi.WorkspaceScope(caller), latency, cancellationToken);
        return TypedResults.Ok(new ListResponse<TPoint>(series.Select(project).ToList()));
    }

    private static async Task<Results<Ok<ListResponse<GroupItem>>, ValidationProblem>> GroupAsync(
        HttpContext context, AnalyticsReader reader, TimeProvider time, GroupDimension dimension, string? metadataKey,
        CancellationToken cancellationToken)
    {
        var caller = Caller.Require(context.User);
        var errors = new ValidationErrors();
        var query = AnalyticsQueryParser.Parse(context.Request.Query, time.GetUtcNow(), errors);
        if (metadataKey is not null && metadataKey.Length is 0 or > 256)
        {
            errors.Add("key", "must be 1 to 256 characters.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        var groups = await reader.GroupsAsync(query, LogsApi.WorkspaceScope(caller), dimension, metadataKey, cancellationToken);
        return TypedResults.Ok(new ListResponse<GroupItem>(groups));
    }
}
