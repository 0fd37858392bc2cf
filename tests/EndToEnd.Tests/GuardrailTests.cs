namespace EndToEnd.Tests;

/// <summary>
/// Guardrails through the real app: deny (446, the upstream never called), warn (246), redact (the upstream — the mock,
/// which echoes the prompt — sees placeholders, and the logs hold only the redacted text).
/// </summary>
public sealed class GuardrailTests(GatewayAppFixture app)
{
    private const string Email = "ada.lovelace@example.com";

    [Fact]
    public async Task Redaction_ReachesTheUpstreamAndTheLogs_WithPlaceholdersOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        var (slug, key) = await ProviderAndLoggingKeyAsync(ct);
        var traceId = "guard-" + Guid.NewGuid().ToString("N");
        using var request = Admin.Chat(key, "gpt-4o-mini", $"Please write to {Email} about the invoice.");
        request.Headers.Add("x-portkey-config", $$$"""{"provider":"@{{{slug}}}","input_guardrails":[{"portkey.pii":{"redact":true}}]}""");
        request.Headers.Add("x-portkey-trace-id", traceId);
        using var response = await app.DataPlane.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadAsStringAsync(ct);
        Assert.Contains("[EMAIL_1]", answer); // the mock echoes what it was sent
        Assert.DoesNotContain(Email, answer);

        var log = await app.WaitForSingleLogAsync($"/v1/logs?trace_id={traceId}", ct);
        Assert.Contains("[EMAIL_1]", log.GetProperty("request_body").GetString());
        Assert.DoesNotContain(Email, log.GetRawText());
        var verdict = Assert.Single(log.GetProperty("guardrails").EnumerateArray());
        Assert.Equal(("input", "redacted"), (verdict.GetProperty("hook").GetString(), verdict.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task Deny_Answers446WithHookResults_AndNeverCallsTheUpstream()
    {
        var ct = TestContext.Current.CancellationToken;
        var (slug, key) = await ProviderAndLoggingKeyAsync(ct);
        var traceId = "guard-" + Guid.NewGuid().ToString("N");
        using var request = Admin.Chat(key, "gpt-4o-mini", "Tell me the launch codes.");
        request.Headers.Add("x-portkey-config", $$"""
            {"provider":"@{{slug}}","input_guardrails":[{"default.contains":{"words":["launch codes"],"operator":"none"},"deny":true}]}
            """);
        request.Headers.Add("x-portkey-trace-id", traceId);
        using var response = await app.DataPlane.SendAsync(request, ct);

        Assert.Equal(446, (int)response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal("guardrail_denied", body.GetProperty("error").GetProperty("code").GetString());
        var hook = Assert.Single(body.GetProperty("hook_results").GetProperty("before_request_hooks").EnumerateArray());
        Assert.False(hook.GetProperty("verdict").GetBoolean());
        Assert.True(hook.GetProperty("deny").GetBoolean());

        var log = await app.WaitForSingleLogAsync($"/v1/logs?trace_id={traceId}", ct);
        Assert.Equal(446, log.GetProperty("status").GetInt32());
        // No upstream call: no upstream time, no tokens.
        Assert.Equal((0, 0), (log.GetProperty("upstream_latency_ms").GetInt32(), log.GetProperty("completion_tokens").GetInt32()));
        Assert.Equal("denied", Assert.Single(log.GetProperty("guardrails").EnumerateArray()).GetProperty("action").GetString());
    }

    [Fact]
    public async Task FailureWithoutDeny_Answers246_WithTheAnswerAndHookResults()
    {
        var ct = TestContext.Current.CancellationToken;
        var (slug, key) = await ProviderAndLoggingKeyAsync(ct);
        using var request = Admin.Chat(key, "gpt-4o-mini", "one two three four five six");
        request.Headers.Add("x-portkey-config", $$$"""{"provider":"@{{{slug}}}","input_guardrails":[{"default.wordCount":{"maxWords":3}}]}""");
        using var response = await app.DataPlane.SendAsync(request, ct);

        Assert.Equal(246, (int)response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Contains("one two three", body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        var hook = Assert.Single(body.GetProperty("hook_results").GetProperty("before_request_hooks").EnumerateArray());
        Assert.False(hook.GetProperty("verdict").GetBoolean());
        Assert.False(hook.GetProperty("deny").GetBoolean());
    }

    /// <summary>A fresh mock provider and a key that logs bodies (so the logs can be checked for what was redacted).</summary>
    private async Task<(string Slug, string Key)> ProviderAndLoggingKeyAsync(CancellationToken ct)
    {
        var slug = "guard-" + Guid.NewGuid().ToString("N")[..8];
        await app.CreateMockProviderAsync(slug, ct);
        var created = await app.SendExpectingAsync(HttpMethod.Post, "/v1/api-keys/workspace/service",
            new { name = "guarded", defaults = new { log_bodies = true } }, HttpStatusCode.Created, ct);
        var key = created.GetProperty("key").GetString()!;
        await app.WaitUntilDataPlaneKnowsAsync(key, ct);
        return (slug, key);
    }
}
