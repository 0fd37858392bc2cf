using System.Net;
using System.Text.Json;
using ControlPlane.Tests.Governance;

namespace ControlPlane.Tests.Logs;

/// <summary>
/// Guardrail verdicts in <c>/v1/logs</c>: events written by LogIngestor's real writer, read back through the real
/// ControlPlane (real PostgreSQL). Each test keeps to a workspace id of its own.
/// </summary>
public sealed class GuardrailLogsTests(GovernanceHost host) : IClassFixture<GovernanceHost>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetLog_ReturnsEveryGuardrailVerdict_AndTheBodiesExactlyAsStored()
    {
        var workspace = Guid.NewGuid();
        const string RequestBody = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"mail [EMAIL_1] now"}]}""";
        const string ResponseBody = """{"choices":[{"message":{"content":"wrote to [EMAIL_1]"}}]}""";
        var sent = IngestedLogs.Event(workspace, [IngestedLogs.Verdict("pg-pii", "redacted"), IngestedLogs.Verdict("inline:config.output_guardrails[0]", "warned", "output")])
            with { RequestBody = RequestBody, ResponseBody = ResponseBody };
        await IngestedLogs.WriteAsync(host.AnalyticsConnectionString, [sent], Cancellation);

        var log = await host.SendAsync(HttpMethod.Get, $"/v1/logs/{sent.EventId}", null, HttpStatusCode.OK);

        var guardrails = log.GetProperty("guardrails").EnumerateArray().ToList();
        Assert.Equal(2, guardrails.Count);
        Assert.Equal(("input", "pg-pii", false, "redacted"), Describe(guardrails[0]));
        Assert.Equal(("output", "inline:config.output_guardrails[0]", false, "warned"), Describe(guardrails[1]));
        Assert.Equal(0.5, guardrails[0].GetProperty("latency_ms").GetDouble());
        var check = Assert.Single(guardrails[0].GetProperty("checks").EnumerateArray());
        Assert.Equal("portkey.pii", check.GetProperty("check").GetString());
        Assert.Equal("found email ×1", check.GetProperty("explanation").GetString());
        Assert.True(check.GetProperty("transformed").GetBoolean());
        // The data plane logs the redacted text; the logs show it byte for byte.
        Assert.Equal(RequestBody, log.GetProperty("request_body").GetString());
        Assert.Equal(ResponseBody, log.GetProperty("response_body").GetString());
    }

    [Fact]
    public async Task ListLogs_ItemsCarryTheirVerdicts_AndGuardrailActionKeepsRequestsWithAnyVerdictOfThatAction()
    {
        var workspace = Guid.NewGuid();
        var denied = IngestedLogs.Event(workspace, [IngestedLogs.Verdict("pg-a", "passed"), IngestedLogs.Verdict("pg-b", "denied")]);
        var warned = IngestedLogs.Event(workspace, [IngestedLogs.Verdict("pg-a", "warned")]);
        var redacted = IngestedLogs.Event(workspace, [IngestedLogs.Verdict("pg-a", "redacted"), IngestedLogs.Verdict("pg-c", "warned", "output")]);
        var none = IngestedLogs.Event(workspace, []);
        await IngestedLogs.WriteAsync(host.AnalyticsConnectionString, [denied, warned, redacted, none], Cancellation);

        var all = await ListAsync($"/v1/logs?workspace_id={workspace}");
        Assert.Equal(4, all.Count);
        Assert.Equal(0, all.Single(l => l.GetProperty("id").GetGuid() == none.EventId).GetProperty("guardrails").GetArrayLength());
        Assert.Equal(2, all.Single(l => l.GetProperty("id").GetGuid() == denied.EventId).GetProperty("guardrails").GetArrayLength());

        Assert.Equal([denied.EventId], Ids(await ListAsync($"/v1/logs?workspace_id={workspace}&guardrail_action=denied")));
        Assert.Equal(new[] { warned.EventId, redacted.EventId }.Order(), Ids(await ListAsync($"/v1/logs?workspace_id={workspace}&guardrail_action=warned")).Order());
        Assert.Equal([redacted.EventId], Ids(await ListAsync($"/v1/logs?workspace_id={workspace}&guardrail_action=redacted")));
    }

    [Fact]
    public async Task Export_WithGuardrailAction_StreamsOnlyThoseRows_WithTheVerdictsInBothFormats()
    {
        var workspace = Guid.NewGuid();
        var denied = IngestedLogs.Event(workspace, [IngestedLogs.Verdict("pg-b", "denied")]);
        var passed = IngestedLogs.Event(workspace, [IngestedLogs.Verdict("pg-a", "passed")]);
        await IngestedLogs.WriteAsync(host.AnalyticsConnectionString, [denied, passed], Cancellation);

        var jsonl = await ExportAsync(new { format = "jsonl", workspace_id = workspace, guardrail_action = "denied" });
        var row = JsonDocument.Parse(Assert.Single(jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement;
        Assert.Equal(denied.EventId, row.GetProperty("id").GetGuid());
        Assert.Equal("denied", row.GetProperty("guardrails")[0].GetProperty("action").GetString());

        var csv = (await ExportAsync(new { format = "csv", workspace_id = workspace, guardrail_action = "denied" }))
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, csv.Length);
        Assert.Equal(28, Array.IndexOf(csv[0].Split(','), "guardrails"));
        Assert.Contains("pg-b", csv[1]);
    }

    [Fact]
    public async Task ListLogs_UnknownGuardrailAction_Returns400NamingIt()
    {
        var problem = await host.SendAsync(HttpMethod.Get, "/v1/logs?guardrail_action=deny", null, HttpStatusCode.BadRequest);

        Assert.Equal(["guardrail_action"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    private static (string, string, bool, string) Describe(JsonElement verdict) => (
        verdict.GetProperty("hook").GetString()!, verdict.GetProperty("guardrail").GetString()!,
        verdict.GetProperty("verdict").GetBoolean(), verdict.GetProperty("action").GetString()!);

    private static List<Guid> Ids(List<JsonElement> logs) => logs.Select(l => l.GetProperty("id").GetGuid()).ToList();

    private async Task<List<JsonElement>> ListAsync(string path) =>
        (await host.SendAsync(HttpMethod.Get, path, null, HttpStatusCode.OK)).GetProperty("data").EnumerateArray().ToList();

    private async Task<string> ExportAsync(object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/logs/exports")
        {
            Content = System.Net.Http.Json.JsonContent.Create(body, options: GovernanceHost.Json),
        };
        using var response = await host.Client.SendAsync(request, Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return text;
    }
}
