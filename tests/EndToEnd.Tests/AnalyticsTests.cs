using System.Globalization;
using System.Text;
using Contracts.Analytics;
using Npgsql;
using NpgsqlTypes;

namespace EndToEnd.Tests;

/// <summary>
/// Logs and analytics through the real app: a dataset seeded straight into analyticsdb (request_logs and the matching
/// request_rollups, under a workspace id of its own) whose expected numbers this test computes itself; requests sent
/// through the data plane found again by trace id and charted by <c>_user</c>; and workspace isolation.
/// </summary>
public sealed class AnalyticsTests(GatewayAppFixture app)
{
    private static readonly string[] Providers = ["prov-a", "prov-b"];
    private static readonly string[] Models = ["model-x", "model-y", "model-z"];
    private static readonly string[] Users = ["ada", "bob", "cy"];
    private static readonly string[] CacheStatuses = ["HIT", "MISS", "SEMANTIC HIT", "DISABLED", "REFRESH"];
    private static readonly string[] GuardrailIds = ["pg-pii", "pg-words", "inline:config.input_guardrails[0]"];
    private static readonly string[] GuardrailActions = ["passed", "denied", "warned", "redacted", "recorded"];

    [Fact]
    public async Task SeededDataset_GraphsAndGroups_MatchTotalsComputedInTheTest()
    {
        var ct = TestContext.Current.CancellationToken;
        var workspace = Guid.NewGuid();
        Guid[] keys = [Guid.NewGuid(), Guid.NewGuid()];
        var start = new DateTimeOffset(DateTime.UtcNow.Date.AddHours(DateTime.UtcNow.Hour), TimeSpan.Zero).AddHours(-3);
        var random = new Random(6);
        var events = Enumerable.Range(0, 240).Select(i => new SeededEvent(
            Guid.NewGuid(), start.AddSeconds(random.Next(0, 3 * 3600)), workspace, keys[random.Next(keys.Length)],
            Providers[random.Next(Providers.Length)], Models[random.Next(Models.Length)],
            random.Next(10) < 8 ? 200 : (random.Next(2) == 0 ? 500 : 429), random.Next(5, 300), random.Next(0, 200), random.Next(0, 3),
            random.Next(0, 5000) / 1_000_000m, (int)Math.Round(Math.Exp(random.NextDouble() * 8)),
            CacheStatuses[random.Next(CacheStatuses.Length)],
            random.Next(4) == 0 ? null : Users[random.Next(Users.Length)], "team-" + random.Next(2))
        {
            Guardrails = Enumerable.Range(0, random.Next(3)).Select(_ => new SeededVerdict(
                GuardrailIds[random.Next(GuardrailIds.Length)], GuardrailActions[random.Next(GuardrailActions.Length)], random.Next(3) == 0)).ToList(),
        }).ToList();
        await SeedAsync(events, ct);

        var range = $"workspace_id={workspace}&time_of_generation_min={Iso(start)}&time_of_generation_max={Iso(start.AddHours(3).AddSeconds(-1))}";
        var hours = Enumerable.Range(0, 3).Select(h => start.AddHours(h)).ToList();
        List<SeededEvent> InHour(DateTimeOffset hour) => events.Where(e => e.At >= hour && e.At < hour.AddHours(1)).ToList();

        var requests = await GetDataAsync($"/v1/analytics/graphs/requests?{range}&granularity=hour", ct);
        Assert.Equal(hours, requests.Select(p => p.GetProperty("timestamp").GetDateTimeOffset()));
        Assert.Equal(hours.Select(h => (long)InHour(h).Count), requests.Select(p => p.GetProperty("requests").GetInt64()));

        var cost = await GetDataAsync($"/v1/analytics/graphs/cost?{range}&granularity=hour", ct);
        Assert.Equal(hours.Select(h => InHour(h).Sum(e => e.Cost)), cost.Select(p => p.GetProperty("cost_usd").GetDecimal()));

        var tokens = await GetDataAsync($"/v1/analytics/graphs/tokens?{range}&granularity=hour", ct);
        Assert.Equal(hours.Select(h => (long)InHour(h).Sum(e => e.Prompt + e.Completion)), tokens.Select(p => p.GetProperty("total_tokens").GetInt64()));
        Assert.Equal(hours.Select(h => (long)InHour(h).Sum(e => e.Cached)), tokens.Select(p => p.GetProperty("cached_tokens").GetInt64()));

        var errors = await GetDataAsync($"/v1/analytics/graphs/errors?{range}&granularity=hour", ct);
        Assert.Equal(hours.Select(h => (long)InHour(h).Count(e => e.Status >= 400)), errors.Select(p => p.GetProperty("errors").GetInt64()));

        var hitRate = await GetDataAsync($"/v1/analytics/graphs/cache/hit-rate?{range}&granularity=hour", ct);
        foreach (var (hour, point) in hours.Zip(hitRate))
        {
            var inHour = InHour(hour);
            long hits = inHour.Count(e => e.CacheStatus is "HIT" or "SEMANTIC HIT"), lookups = inHour.Count(e => e.CacheStatus != "DISABLED");
            Assert.Equal((hits, lookups), (point.GetProperty("cache_hits").GetInt64(), point.GetProperty("cache_lookups").GetInt64()));
            Assert.Equal(Math.Round((double)hits / lookups, 6), point.GetProperty("hit_rate").GetDouble(), 6);
        }

        var latency = await GetDataAsync($"/v1/analytics/graphs/latency?{range}&granularity=hour", ct);
        foreach (var (hour, point) in hours.Zip(latency))
        {
            var histogram = new long[LatencyHistogram.BucketCount];
            var inHour = InHour(hour);
            foreach (var e in inHour)
            {
                histogram[LatencyHistogram.BucketOf(e.LatencyMs)]++;
            }

            var p95 = Math.Round(LatencyHistogram.Percentile(histogram, 0.95)!.Value, 2, MidpointRounding.AwayFromZero);
            Assert.Equal(p95, point.GetProperty("p95_ms").GetDouble(), 2);
            // And the estimate is near the true median (bucket bounds are 12 % apart).
            var sorted = inHour.Select(e => (double)e.LatencyMs).Order().ToList();
            var trueMedian = sorted[(sorted.Count - 1) / 2];
            Assert.InRange(point.GetProperty("p50_ms").GetDouble(), (trueMedian * 0.85) - 1, (trueMedian * 1.15) + 1);
        }

        // Day buckets (day rollups): the day or two the three hours fall in.
        var byDay = await GetDataAsync($"/v1/analytics/graphs/requests?{range}&granularity=day", ct);
        Assert.Equal(events.GroupBy(e => e.At.UtcDateTime.Date).OrderBy(g => g.Key).Select(g => (g.Key, (long)g.Count())),
            byDay.Select(p => (p.GetProperty("timestamp").GetDateTimeOffset().UtcDateTime, p.GetProperty("requests").GetInt64())));

        // Minute buckets: every minute present, empty ones as zeros, adding up to the same total.
        var minutes = await GetDataAsync($"/v1/analytics/graphs/requests?{range}&granularity=minute", ct);
        Assert.Equal(180, minutes.Count);
        Assert.Equal(events.Count, minutes.Sum(p => p.GetProperty("requests").GetInt64()));
        Assert.All(minutes, p => Assert.Equal(0, p.GetProperty("timestamp").GetDateTimeOffset().Second));

        // A filter the rollups lack reads the raw events: same answer as counting them here.
        var adaErrors = await GetDataAsync($"/v1/analytics/graphs/errors?{range}&granularity=hour&metadata._user=ada", ct);
        Assert.Equal(hours.Select(h => (long)InHour(h).Count(e => e.User == "ada")), adaErrors.Select(p => p.GetProperty("requests").GetInt64()));
        Assert.Equal(hours.Select(h => (long)InHour(h).Count(e => e.User == "ada" && e.Status >= 400)), adaErrors.Select(p => p.GetProperty("errors").GetInt64()));

        await AssertGroupsAsync("ai-models", range, events, e => e.Model, ct);
        await AssertGroupsAsync("providers", range, events, e => e.Provider, ct);
        await AssertGroupsAsync("api-keys", range, events, e => e.ApiKey.ToString(), ct);
        await AssertGroupsAsync("users", range, events.Where(e => e.User is not null).ToList(), e => e.User!, ct);
        await AssertGroupsAsync("metadata/team", range, events, e => e.Team, ct);
        await AssertGroupsAsync("providers", range + "&status=500", events.Where(e => e.Status == 500).ToList(), e => e.Provider, ct);

        // Guardrail outcomes per guardrail id, most denials first; and the logs of the requests with a denial.
        await AssertGuardrailGroupsAsync(range, events, ct);
        await AssertGuardrailGroupsAsync(range + "&guardrail_action=warned", events.Where(e => e.Guardrails.Any(g => g.Action == "warned")).ToList(), ct);
        var denied = (await app.SendExpectingAsync(HttpMethod.Get, $"/v1/logs?{range}&guardrail_action=denied&limit=500", null, HttpStatusCode.OK, ct))
            .GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(events.Where(e => e.Guardrails.Any(g => g.Action == "denied")).Select(e => e.Id).Order(), denied.Select(l => l.GetProperty("id").GetGuid()).Order());
        Assert.All(denied, l => Assert.Contains(l.GetProperty("guardrails").EnumerateArray(), g => g.GetProperty("action").GetString() == "denied"));

        var limited = await GetDataAsync($"/v1/analytics/groups/ai-models?{range}&limit=1", ct);
        Assert.Equal(events.GroupBy(e => e.Model).MaxBy(g => g.Sum(e => e.Cost))!.Key, Assert.Single(limited).GetProperty("group").GetString());

        // Exports: every matching row, newest first, in either format.
        using (var csv = await app.ControlPlane.SendAsync(Admin.Request(HttpMethod.Post, "/v1/logs/exports", app.AdminApiKey,
            new { format = "csv", workspace_id = workspace.ToString(), metadata = new { _user = "ada" } }), ct))
        {
            Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
            Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
            var lines = (await csv.Content.ReadAsStringAsync(ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith("id,trace_id,created_at,", lines[0]);
            Assert.Equal(events.Count(e => e.User == "ada"), lines.Length - 1);
        }

        using (var jsonl = await app.ControlPlane.SendAsync(Admin.Request(HttpMethod.Post, $"/v1/logs/exports?workspace_id={workspace}", app.AdminApiKey,
            new { format = "jsonl" }), ct))
        {
            Assert.Equal(HttpStatusCode.OK, jsonl.StatusCode);
            var rows = (await jsonl.Content.ReadAsStringAsync(ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => JsonDocument.Parse(line).RootElement).ToList();
            Assert.Equal(events.Select(e => e.Id).Order(), rows.Select(r => r.GetProperty("id").GetGuid()).Order());
            var times = rows.Select(r => r.GetProperty("created_at").GetDateTimeOffset()).ToList();
            Assert.Equal(times.OrderDescending(), times);
        }
    }

    [Fact]
    public async Task SeededDatasetOverSeveralDays_DayGraphsAndGroupsFromDayRollups_MatchTotalsComputedInTheTest()
    {
        var ct = TestContext.Current.CancellationToken;
        var workspace = Guid.NewGuid();
        Guid[] keys = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
        // 54 hours ending at the current hour: at least one whole UTC day, and partial days at both ends.
        var start = new DateTimeOffset(DateTime.UtcNow.Date.AddHours(DateTime.UtcNow.Hour), TimeSpan.Zero).AddHours(-54);
        var random = new Random(61);
        var events = Enumerable.Range(0, 400).Select(i => new SeededEvent(
            Guid.NewGuid(), start.AddSeconds(random.Next(0, 54 * 3600)), workspace, keys[random.Next(keys.Length)],
            Providers[random.Next(Providers.Length)], Models[random.Next(Models.Length)],
            random.Next(10) < 8 ? 200 : 502, random.Next(5, 300), random.Next(0, 200), random.Next(0, 3),
            random.Next(0, 5000) / 1_000_000m, (int)Math.Round(Math.Exp(random.NextDouble() * 8)),
            CacheStatuses[random.Next(CacheStatuses.Length)], null, "team-0")).ToList();
        await SeedAsync(events, ct);

        var range = $"workspace_id={workspace}&time_of_generation_min={Iso(start)}&time_of_generation_max={Iso(start.AddHours(54).AddSeconds(-1))}";
        var days = Enumerable.Range(0, 4).Select(d => new DateTimeOffset(start.UtcDateTime.Date, TimeSpan.Zero).AddDays(d))
            .Where(d => d < start.AddHours(54)).ToList();
        List<SeededEvent> InDay(DateTimeOffset day) => events.Where(e => e.At >= day && e.At < day.AddDays(1)).ToList();

        var requests = await GetDataAsync($"/v1/analytics/graphs/requests?{range}&granularity=day", ct);
        Assert.Equal(days, requests.Select(p => p.GetProperty("timestamp").GetDateTimeOffset()));
        Assert.Equal(days.Select(d => (long)InDay(d).Count), requests.Select(p => p.GetProperty("requests").GetInt64()));

        var cost = await GetDataAsync($"/v1/analytics/graphs/cost?{range}&granularity=day", ct);
        Assert.Equal(days.Select(d => InDay(d).Sum(e => e.Cost)), cost.Select(p => p.GetProperty("cost_usd").GetDecimal()));

        var latency = await GetDataAsync($"/v1/analytics/graphs/latency?{range}&granularity=day", ct);
        foreach (var (day, point) in days.Zip(latency))
        {
            var histogram = Histogram(InDay(day));
            Assert.Equal(Percentile(histogram, 0.5), point.GetProperty("p50_ms").GetDouble(), 2);
            Assert.Equal(Percentile(histogram, 0.99), point.GetProperty("p99_ms").GetDouble(), 2);
        }

        // Groups over whole days (day rows), and over the hour-aligned range (whole days from day rows, the edges from hour rows).
        foreach (var granularity in new[] { "day", "hour" })
        {
            await AssertGroupsAsync("api-keys", $"{range}&granularity={granularity}", events, e => e.ApiKey.ToString(), ct);
            await AssertGroupsAsync("ai-models", $"{range}&granularity={granularity}", events, e => e.Model, ct);
            var groups = await GetDataAsync($"/v1/analytics/groups/providers?{range}&granularity={granularity}", ct);
            foreach (var group in groups)
            {
                var histogram = Histogram(events.Where(e => e.Provider == group.GetProperty("group").GetString()));
                Assert.Equal(Percentile(histogram, 0.5), group.GetProperty("p50_latency_ms").GetDouble(), 2);
            }
        }

        // Hour and minute graphs over the same data still add up to every event.
        var hours = await GetDataAsync($"/v1/analytics/graphs/requests?{range}&granularity=hour", ct);
        Assert.Equal(54, hours.Count);
        Assert.Equal(events.Count, hours.Sum(p => p.GetProperty("requests").GetInt64()));

        static long[] Histogram(IEnumerable<SeededEvent> inBucket)
        {
            var counts = new long[LatencyHistogram.BucketCount];
            foreach (var e in inBucket)
            {
                counts[LatencyHistogram.BucketOf(e.LatencyMs)]++;
            }

            return counts;
        }

        static double Percentile(long[] histogram, double quantile) =>
            Math.Round(LatencyHistogram.Percentile(histogram, quantile)!.Value, 2, MidpointRounding.AwayFromZero);
    }

    [Fact]
    public async Task RequestsThroughTheGateway_AreFoundByTraceId_AndChartedByUser()
    {
        var ct = TestContext.Current.CancellationToken;
        var slug = "mock-" + Guid.NewGuid().ToString("N")[..8];
        await app.CreateMockProviderAsync(slug, ct);
        var (key, keyId) = await app.CreateServiceKeyWithIdAsync(ct);
        var traces = new List<string>();
        foreach (var user in new[] { "ada", "ada", "bob" })
        {
            var traceId = "trace-" + Guid.NewGuid().ToString("N");
            traces.Add(traceId);
            using var request = Admin.Chat(key, $"@{slug}/gpt-4o-mini", "Hello from " + user, metadata: $$"""{"_user":"{{user}}"}""");
            request.Headers.Add("x-portkey-trace-id", traceId);
            using var response = await app.DataPlane.SendAsync(request, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Find a request's log by its trace id, then the whole event by its id.
        var log = await app.WaitForSingleLogAsync($"/v1/logs?trace_id={traces[0]}", ct);
        Assert.Equal("ada", log.GetProperty("metadata").GetProperty("_user").GetString());
        var id = log.GetProperty("id").GetString();
        var full = await app.SendExpectingAsync(HttpMethod.Get, $"/v1/logs/{id}", null, HttpStatusCode.OK, ct);
        Assert.Equal(traces[0], full.GetProperty("trace_id").GetString());
        Assert.Equal(JsonValueKind.Array, full.GetProperty("attempts").ValueKind);
        foreach (var trace in traces.Skip(1))
        {
            await app.WaitForSingleLogAsync($"/v1/logs?trace_id={trace}", ct);
        }

        // Cost (and requests) per end user: the groups by _user, for this key.
        var users = await GetDataAsync($"/v1/analytics/groups/users?api_key_id={keyId}", ct);
        var logs = (await app.SendExpectingAsync(HttpMethod.Get, $"/v1/logs?api_key_id={keyId}", null, HttpStatusCode.OK, ct)).GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["ada", "bob"], users.Select(u => u.GetProperty("group").GetString()).Order());
        foreach (var user in users)
        {
            var name = user.GetProperty("group").GetString();
            // The key's logs also hold the probe that waited for the data plane to know it (no _user).
            var own = logs.Where(l => l.GetProperty("metadata").TryGetProperty("_user", out var u) && u.GetString() == name).ToList();
            Assert.Equal(own.Count, user.GetProperty("requests").GetInt64());
            Assert.Equal(own.Sum(l => l.GetProperty("cost_usd").GetDecimal()), user.GetProperty("cost_usd").GetDecimal());
            Assert.Equal(own.Sum(l => l.GetProperty("total_tokens").GetInt64()), user.GetProperty("total_tokens").GetInt64());
        }

        var adaCost = await GetDataAsync($"/v1/analytics/graphs/cost?api_key_id={keyId}&metadata._user=ada", ct);
        Assert.Equal(2, adaCost.Sum(p => p.GetProperty("requests").GetInt64()));
    }

    [Fact]
    public async Task WorkspaceKey_SeesOnlyItsWorkspacesLogsAndAnalytics()
    {
        var ct = TestContext.Current.CancellationToken;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var team = (await app.SendExpectingAsync(HttpMethod.Post, "/v1/admin/workspaces",
            new { name = "Analytics " + suffix, slug = "analytics-" + suffix }, HttpStatusCode.Created, ct)).GetProperty("id").GetGuid();
        var teamKey = (await app.SendExpectingAsync(HttpMethod.Post, "/v1/api-keys/workspace/service",
            new { name = "team", workspace_id = team, scopes = new[] { "logs.view", "analytics.view" } }, HttpStatusCode.Created, ct)).GetProperty("key").GetString()!;
        var other = Guid.NewGuid();
        var marker = "iso-" + suffix;
        var now = DateTimeOffset.UtcNow.AddMinutes(-1);
        SeededEvent Event(Guid workspace) => new(Guid.NewGuid(), now, workspace, Guid.NewGuid(), "prov-a", "model-x", 200, 10, 5, 0, 0.001m, 50, "MISS", null, marker);
        SeededEvent mine = Event(team), theirs = Event(other);
        await SeedAsync([mine, theirs], ct);

        var visible = (await app.SendExpectingAsync(HttpMethod.Get, $"/v1/logs?metadata.team={marker}", null, HttpStatusCode.OK, ct, teamKey)).GetProperty("data");
        Assert.Equal([mine.Id], visible.EnumerateArray().Select(l => l.GetProperty("id").GetGuid()));
        var asked = (await app.SendExpectingAsync(HttpMethod.Get, $"/v1/logs?workspace_id={other}", null, HttpStatusCode.OK, ct, teamKey)).GetProperty("data");
        Assert.Equal(0, asked.GetArrayLength());
        using (var hidden = await app.ControlPlane.SendAsync(Admin.Request(HttpMethod.Get, $"/v1/logs/{theirs.Id}", teamKey), ct))
        {
            await ErrorShapes.AssertProblemAsync(hidden, HttpStatusCode.NotFound, ct);
        }

        var workspaces = await GetDataAsync("/v1/analytics/groups/workspaces", ct, teamKey);
        Assert.Equal([team.ToString()], workspaces.Select(w => w.GetProperty("group").GetString()));
        var theirsGraph = await GetDataAsync($"/v1/analytics/graphs/requests?workspace_id={other}", ct, teamKey);
        Assert.All(theirsGraph, p => Assert.Equal(0, p.GetProperty("requests").GetInt64()));
        using (var export = await app.ControlPlane.SendAsync(Admin.Request(HttpMethod.Post, "/v1/logs/exports", teamKey, new { format = "csv" }), ct))
        {
            await ErrorShapes.AssertProblemAsync(export, HttpStatusCode.Forbidden, ct);
        }

        // The organisation key sees both.
        var all = (await app.SendExpectingAsync(HttpMethod.Get, $"/v1/logs?metadata.team={marker}", null, HttpStatusCode.OK, ct)).GetProperty("data");
        Assert.Equal(2, all.GetArrayLength());
    }

    [Fact]
    public async Task BadAnalyticsFilters_AreNamedInOneProblem_AndTheRoutesAreDocumented()
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await app.ControlPlane.SendAsync(
            Admin.Request(HttpMethod.Get, "/v1/analytics/graphs/cost?granularity=week&status=x&cache_status=nope", app.AdminApiKey), ct);
        var problem = await ErrorShapes.AssertProblemAsync(response, HttpStatusCode.BadRequest, ct);
        Assert.Equal(["cache_status", "granularity", "status"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());

        var document = await app.ControlPlane.GetFromJsonAsync<JsonElement>("/openapi/v1.json", ct);
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/v1/analytics/graphs/latency", "/v1/analytics/graphs/cache/hit-rate", "/v1/analytics/groups/users", "/v1/analytics/groups/metadata/{key}", "/v1/analytics/groups/guardrails", "/v1/logs/exports" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is not in the OpenAPI document");
        }

        var parameters = paths.GetProperty("/v1/analytics/graphs/latency").GetProperty("get").GetProperty("parameters");
        Assert.Contains("granularity", parameters.EnumerateArray().Select(p => p.GetProperty("name").GetString()));
    }

    private async Task<List<JsonElement>> GetDataAsync(string path, CancellationToken ct, string? key = null) =>
        (await app.SendExpectingAsync(HttpMethod.Get, path, null, HttpStatusCode.OK, ct, key)).GetProperty("data").EnumerateArray().ToList();

    private async Task AssertGroupsAsync(string route, string range, List<SeededEvent> events, Func<SeededEvent, string> key, CancellationToken ct)
    {
        var expected = events.GroupBy(key)
            .Select(g => (Group: g.Key, Requests: (long)g.Count(), Cost: g.Sum(e => e.Cost), Tokens: (long)g.Sum(e => e.Prompt + e.Completion),
                Errors: (long)g.Count(e => e.Status >= 400)))
            .OrderByDescending(g => g.Cost).ThenByDescending(g => g.Requests).ToList();
        var groups = await GetDataAsync($"/v1/analytics/groups/{route}?{range}", ct);
        var actual = groups.Select(g => (Group: g.GetProperty("group").GetString()!, Requests: g.GetProperty("requests").GetInt64(),
            Cost: g.GetProperty("cost_usd").GetDecimal(), Tokens: g.GetProperty("total_tokens").GetInt64(), Errors: g.GetProperty("errors").GetInt64())).ToList();
        Assert.Equal(expected, actual);
        Assert.All(groups, g => Assert.True(g.GetProperty("p50_latency_ms").GetDouble() > 0));
    }

    private async Task AssertGuardrailGroupsAsync(string range, List<SeededEvent> events, CancellationToken ct)
    {
        var expected = events.SelectMany(e => e.Guardrails).GroupBy(g => g.Guardrail)
            .Select(g => (Group: g.Key, Evaluations: (long)g.Count(), Failures: (long)g.Count(v => !v.Verdict), Denied: (long)g.Count(v => v.Action == "denied"),
                Warned: (long)g.Count(v => v.Action == "warned"), Redacted: (long)g.Count(v => v.Action == "redacted")))
            .OrderByDescending(g => g.Denied).ThenByDescending(g => g.Failures).ThenByDescending(g => g.Evaluations).ThenBy(g => g.Group, StringComparer.Ordinal)
            .ToList();
        var groups = await GetDataAsync($"/v1/analytics/groups/guardrails?{range}", ct);
        Assert.Equal(expected, groups.Select(g => (Group: g.GetProperty("group").GetString()!, Evaluations: g.GetProperty("evaluations").GetInt64(),
            Failures: g.GetProperty("failures").GetInt64(), Denied: g.GetProperty("denied").GetInt64(), Warned: g.GetProperty("warned").GetInt64(),
            Redacted: g.GetProperty("redacted").GetInt64())).ToList());
    }

    private static string Iso(DateTimeOffset time) => Uri.EscapeDataString(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

    /// <summary>Writes the events and the rollups LogIngestor would keep for them (minute, hour and day rows), in one transaction.</summary>
    private async Task SeedAsync(IReadOnlyList<SeededEvent> events, CancellationToken ct)
    {
        await using var dataSource = NpgsqlDataSource.Create(await app.App.GetConnectionStringAsync("analyticsdb", ct)
            ?? throw new InvalidOperationException("no analyticsdb connection string"));
        await using (var partitions = dataSource.CreateCommand("SELECT ensure_request_log_partitions($1, $2)"))
        {
            partitions.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Date, Value = DateOnly.FromDateTime(events.Min(e => e.At).UtcDateTime) });
            partitions.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Date, Value = DateOnly.FromDateTime(events.Max(e => e.At).UtcDateTime) });
            await partitions.ExecuteNonQueryAsync(ct);
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var e in events)
        {
            var metadata = e.User is null ? $$"""{"team":"{{e.Team}}"}""" : $$"""{"team":"{{e.Team}}","_user":"{{e.User}}"}""";
            batch.BatchCommands.Add(new NpgsqlBatchCommand("""
                INSERT INTO request_logs (id, created_at, trace_id, workspace_id, api_key_id, provider, ai_provider, model, path, status,
                  stream, prompt_tokens, completion_tokens, cached_tokens, total_tokens, cost_usd, price_known, latency_ms,
                  upstream_latency_ms, cache_status, retry_count, metadata, attempts, guardrails)
                VALUES ($1, $2, $3, $4, $5, $6, 'mock', $7, '/v1/chat/completions', $8, false, $9, $10, $11, $9 + $10, $12, true, $13,
                  $13, $14, 0, $15::jsonb, $16::jsonb, $17::jsonb)
                """)
            {
                Parameters =
                {
                    new() { Value = e.Id }, new() { Value = e.At }, new() { Value = "seed-" + e.Id.ToString("N") },
                    new() { Value = e.Workspace }, new() { Value = e.ApiKey }, new() { Value = e.Provider }, new() { Value = e.Model },
                    new() { Value = e.Status }, new() { Value = e.Prompt }, new() { Value = e.Completion }, new() { Value = e.Cached },
                    new() { Value = e.Cost }, new() { Value = e.LatencyMs }, new() { Value = e.CacheStatus }, new() { Value = metadata },
                    new() { Value = $$"""[{"option_index":null,"provider":"{{e.Provider}}","model":"{{e.Model}}","status":{{e.Status}},"latency_ms":{{e.LatencyMs}}}]""" },
                    new() { Value = JsonSerializer.Serialize(e.Guardrails.Select(g => new { hook = "input", guardrail = g.Guardrail, verdict = g.Verdict, action = g.Action, latency_ms = 0.5, checks = Array.Empty<object>() })) },
                },
            });
        }

        foreach (var (granularity, step) in new[] { ((short)1, TimeSpan.FromMinutes(1)), ((short)60, TimeSpan.FromHours(1)), ((short)1440, TimeSpan.FromDays(1)) })
        {
            foreach (var group in events.GroupBy(e => (Bucket: new DateTimeOffset(e.At.UtcTicks - (e.At.UtcTicks % step.Ticks), TimeSpan.Zero), e.Workspace, e.ApiKey, e.Provider, e.Model)))
            {
                var histogram = new long[LatencyHistogram.BucketCount];
                foreach (var e in group)
                {
                    histogram[LatencyHistogram.BucketOf(e.LatencyMs)]++;
                }

                batch.BatchCommands.Add(new NpgsqlBatchCommand("""
                    INSERT INTO request_rollups (granularity, bucket, workspace_id, api_key_id, provider, model, requests, errors, cache_hits,
                      cache_lookups, prompt_tokens, completion_tokens, cached_tokens, cost_usd, latency_ms_sum, latency_histogram)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
                    """)
                {
                    Parameters =
                    {
                        new() { Value = granularity }, new() { Value = group.Key.Bucket }, new() { Value = group.Key.Workspace },
                        new() { Value = group.Key.ApiKey }, new() { Value = group.Key.Provider }, new() { Value = group.Key.Model },
                        new() { Value = (long)group.Count() }, new() { Value = (long)group.Count(e => e.Status >= 400) },
                        new() { Value = (long)group.Count(e => e.CacheStatus is "HIT" or "SEMANTIC HIT") },
                        new() { Value = (long)group.Count(e => e.CacheStatus != "DISABLED") },
                        new() { Value = group.Sum(e => (long)e.Prompt) }, new() { Value = group.Sum(e => (long)e.Completion) },
                        new() { Value = group.Sum(e => (long)e.Cached) }, new() { Value = group.Sum(e => e.Cost) },
                        new() { Value = group.Sum(e => (long)e.LatencyMs) }, new() { Value = histogram },
                    },
                });
            }
        }

        await batch.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private sealed record SeededEvent(
        Guid Id, DateTimeOffset At, Guid Workspace, Guid ApiKey, string Provider, string Model, int Status, int Prompt, int Completion,
        int Cached, decimal Cost, int LatencyMs, string CacheStatus, string? User, string Team)
    {
        public IReadOnlyList<SeededVerdict> Guardrails { get; init; } = [];
    }

    /// <summary>One guardrail verdict as the data plane records it (only the fields the analytics read); passed means verdict true.</summary>
    private sealed record SeededVerdict(string Guardrail, string Action, bool Failed)
    {
        public bool Verdict => Action == "passed" || (Action == "recorded" && !Failed);
    }
}
