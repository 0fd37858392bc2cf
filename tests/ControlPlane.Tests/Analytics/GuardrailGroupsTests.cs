using System.Net;
using System.Text.Json;
using Contracts.Usage;
using ControlPlane.Tests.Governance;
using ControlPlane.Tests.Logs;

namespace ControlPlane.Tests.Analytics;

/// <summary>
/// <c>GET /v1/analytics/groups/guardrails</c> over a seeded dataset (written by LogIngestor's real writer) whose
/// expected counts this test computes itself.
/// </summary>
public sealed class GuardrailGroupsTests(GovernanceHost host) : IClassFixture<GovernanceHost>
{
    private static readonly string[] GuardrailIds = ["pg-pii", "pg-words", "inline:config.input_guardrails[0]", "pg-json"];
    private static readonly string[] Actions = ["passed", "denied", "warned", "redacted", "recorded"];

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GroupByGuardrails_SeededDataset_CountsPerGuardrailMatchTheTest_MostDenialsFirst()
    {
        var workspace = Guid.NewGuid();
        var events = Seed(workspace, new Random(8), 150);
        await IngestedLogs.WriteAsync(host.AnalyticsConnectionString, events, Cancellation);

        var groups = await GroupsAsync($"workspace_id={workspace}");
        Assert.Equal(Expected(events), groups);
        Assert.Equal(groups.Select(g => g.Denied).OrderDescending(), groups.Select(g => g.Denied));

        // A request-level filter: the verdicts of the requests that have some denial, and only those.
        var withDenial = events.Where(e => e.Guardrails.Any(g => g.Action == "denied")).ToList();
        Assert.Equal(Expected(withDenial), await GroupsAsync($"workspace_id={workspace}&guardrail_action=denied"));
        // Another filter shared with the other groups, and the limit.
        Assert.Equal(Expected(events.Where(e => e.Model == "model-b").ToList()), await GroupsAsync($"workspace_id={workspace}&model=model-b"));
        Assert.Equal(Expected(events).Take(2), await GroupsAsync($"workspace_id={workspace}&limit=2"));
        // The time range: events older than it are left out.
        var from = Minute(DateTimeOffset.UtcNow.AddMinutes(-29));
        var recent = events.Where(e => e.Timestamp >= from).ToList();
        Assert.Equal(Expected(recent), await GroupsAsync(
            $"workspace_id={workspace}&granularity=minute&time_of_generation_min={Uri.EscapeDataString(from.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture))}"));
    }

    [Fact]
    public async Task GroupByGuardrails_WorkspaceKey_CountsOnlyItsWorkspace()
    {
        var team = (await host.SendAsync(HttpMethod.Post, "/v1/admin/workspaces",
            new { name = "Guarded", slug = "g" + Guid.NewGuid().ToString("N")[..12] }, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var key = (await host.SendAsync(HttpMethod.Post, "/v1/api-keys/workspace/service",
            new { name = "team", workspace_id = team, scopes = new[] { "analytics.view" } }, HttpStatusCode.Created)).GetProperty("key").GetString()!;
        var mine = IngestedLogs.Event(team, [IngestedLogs.Verdict("pg-only-mine", "denied")]);
        var theirs = IngestedLogs.Event(Guid.NewGuid(), [IngestedLogs.Verdict("pg-only-theirs", "denied")]);
        await IngestedLogs.WriteAsync(host.AnalyticsConnectionString, [mine, theirs], Cancellation);

        // A header set on the request wins over the client's default (the admin key).
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/analytics/groups/guardrails");
        request.Headers.Add(ControlPlane.Auth.ApiKeyAuthenticationHandler.HeaderName, key);
        using var response = await host.Client.SendAsync(request, Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var groups = JsonDocument.Parse(text).RootElement.GetProperty("data").EnumerateArray().Select(g => g.GetProperty("group").GetString()).ToList();
        Assert.Equal(["pg-only-mine"], groups);
    }

    [Fact]
    public async Task GroupByGuardrails_IsInTheOpenApiDocument_WithTheSharedFilters()
    {
        var document = await host.SendAsync(HttpMethod.Get, "/openapi/v1.json", null, HttpStatusCode.OK);

        var operation = document.GetProperty("paths").GetProperty("/v1/analytics/groups/guardrails").GetProperty("get");
        var parameters = operation.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains("guardrail_action", parameters);
        Assert.Contains("time_of_generation_min", parameters);
        Assert.Contains("limit", parameters);
        var logParameters = document.GetProperty("paths").GetProperty("/v1/logs").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Select(p => p.GetProperty("name").GetString());
        Assert.Contains("guardrail_action", logParameters);
    }

    [Fact]
    public async Task GroupByGuardrails_BadGuardrailAction_Returns400NamingIt()
    {
        var problem = await host.SendAsync(HttpMethod.Get, "/v1/analytics/groups/guardrails?guardrail_action=blocked", null, HttpStatusCode.BadRequest);

        Assert.Equal(["guardrail_action"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    /// <summary>Events over the last two hours: some without guardrails, others with 1–3 verdicts of random guardrails and actions.</summary>
    private static List<UsageEvent> Seed(Guid workspace, Random random, int count) => Enumerable.Range(0, count).Select(_ =>
    {
        var verdicts = Enumerable.Range(0, random.Next(4))
            .Select(_ => IngestedLogs.Verdict(GuardrailIds[random.Next(GuardrailIds.Length)], Actions[random.Next(Actions.Length)],
                random.Next(2) == 0 ? "input" : "output"))
            .Select(v => v.Action == "recorded" ? v with { Verdict = random.Next(2) == 0 } : v)
            .ToList();
        return IngestedLogs.Event(workspace, verdicts, minutesAgo: random.Next(1, 120)) with { Model = random.Next(2) == 0 ? "model-a" : "model-b" };
    }).ToList();

    private static List<Group> Expected(List<UsageEvent> events) => events
        .SelectMany(e => e.Guardrails)
        .GroupBy(g => g.Guardrail)
        .Select(g => new Group(g.Key, g.Count(), g.Count(v => !v.Verdict), g.Count(v => v.Action == "denied"),
            g.Count(v => v.Action == "warned"), g.Count(v => v.Action == "redacted")))
        .OrderByDescending(g => g.Denied).ThenByDescending(g => g.Failures).ThenByDescending(g => g.Evaluations)
        .ThenBy(g => g.Guardrail, StringComparer.Ordinal)
        .ToList();

    private async Task<List<Group>> GroupsAsync(string query) =>
        (await host.SendAsync(HttpMethod.Get, "/v1/analytics/groups/guardrails?" + query, null, HttpStatusCode.OK)).GetProperty("data")
        .EnumerateArray()
        .Select(g => new Group(g.GetProperty("group").GetString()!, g.GetProperty("evaluations").GetInt64(), g.GetProperty("failures").GetInt64(),
            g.GetProperty("denied").GetInt64(), g.GetProperty("warned").GetInt64(), g.GetProperty("redacted").GetInt64()))
        .ToList();

    private static DateTimeOffset Minute(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);

    private sealed record Group(string Guardrail, long Evaluations, long Failures, long Denied, long Warned, long Redacted);
}
