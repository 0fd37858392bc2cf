using System.Net;
using System.Text.Json;
using static DataPlane.Tests.Guardrails.GuardrailFixture;

namespace DataPlane.Tests.Guardrails;

public sealed class InputGuardrailTests(GuardrailFixture fixture) : GuardrailTestBase(fixture), IClassFixture<GuardrailFixture>
{
    private const string Email = "jane.doe@example.com";
    private const string RedactEmail = """{"portkey.pii":{"categories":["email"],"redact":true}}""";

    [Fact]
    public async Task Deny_FailedCheck_Returns446WithHookResults_AndTheUpstreamReceivesNothing()
    {
        var (response, traceId) = await SendAsync(Config(input: $"[{Deny(NoForbidden)}]"), "this topic is Forbidden here");

        var error = await AssertErrorAsync(response, (HttpStatusCode)446);
        Assert.Equal("hooks_failed", error.GetProperty("type").GetString());
        Assert.Equal("guardrail_denied", error.GetProperty("code").GetString());
        Assert.Contains("inline:config.input_guardrails[0]", error.GetProperty("message").GetString());
        var hooks = (await JsonAsync(response)).GetProperty("hook_results");
        var hook = Assert.Single(hooks.GetProperty("before_request_hooks").EnumerateArray());
        Assert.Equal("inline:config.input_guardrails[0]", hook.GetProperty("id").GetString());
        Assert.False(hook.GetProperty("verdict").GetBoolean());
        Assert.True(hook.GetProperty("deny").GetBoolean());
        Assert.False(hook.GetProperty("async").GetBoolean());
        var check = Assert.Single(hook.GetProperty("checks").EnumerateArray());
        Assert.Equal("default.contains", check.GetProperty("id").GetString());
        Assert.False(check.GetProperty("verdict").GetBoolean());
        Assert.Equal(0, hooks.GetProperty("after_request_hooks").GetArrayLength());
        Assert.Empty(Primary.Requests);

        var usage = await WaitForUsageEventAsync(traceId);
        Assert.Equal(446, usage.Status);
        Assert.Equal("guardrail_denied", usage.ErrorType);
        var verdict = Assert.Single(usage.Guardrails);
        Assert.Equal(("input", "inline:config.input_guardrails[0]", false, "denied"), (verdict.Hook, verdict.Guardrail, verdict.Verdict, verdict.Action));
        Assert.Equal("default.contains", Assert.Single(verdict.Checks).Check);
    }

    [Fact]
    public async Task Deny_PassingCheck_Returns200WithoutHookResults()
    {
        var (response, traceId) = await SendAsync(Config(input: $"[{Deny(NoForbidden)}]"), "a perfectly fine question");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await JsonAsync(response);
        Assert.False(answer.TryGetProperty("hook_results", out _));
        Assert.Equal("Echo: a perfectly fine question", Content(answer));
        var verdict = Assert.Single((await WaitForUsageEventAsync(traceId)).Guardrails);
        Assert.Equal((true, "passed"), (verdict.Verdict, verdict.Action));
    }

    [Fact]
    public async Task Warn_FailedCheckWithoutDeny_Returns246WithTheAnswerAndHookResults()
    {
        var (response, traceId) = await SendAsync(Config(input: $"[{Warn(NoForbidden)}]"), "this is forbidden");

        Assert.Equal((HttpStatusCode)246, response.StatusCode);
        var answer = await JsonAsync(response);
        Assert.Equal("Echo: this is forbidden", Content(answer));
        var hook = Assert.Single(answer.GetProperty("hook_results").GetProperty("before_request_hooks").EnumerateArray());
        Assert.False(hook.GetProperty("verdict").GetBoolean());
        Assert.False(hook.GetProperty("deny").GetBoolean());
        Assert.Single(Primary.Requests);

        var usage = await WaitForUsageEventAsync(traceId);
        Assert.Equal(246, usage.Status);
        Assert.Null(usage.ErrorType);
        Assert.Equal("warned", Assert.Single(usage.Guardrails).Action);
    }

    [Fact]
    public async Task Redact_Email_UpstreamSeesThePlaceholder_AndTheLoggedRequestHoldsOnlyRedactedText()
    {
        var (response, traceId) = await SendAsync(Config(input: $"[{RedactEmail}]"), $"write to {Email} today", key: BodyLoggingKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = UpstreamUserText(Primary);
        Assert.Equal("write to [EMAIL_1] today", sent);
        Assert.DoesNotContain(Email, Primary.LastRequest!.Json.GetRawText());
        Assert.Equal("be brief", Primary.LastRequest.Json.GetProperty("messages")[0].GetProperty("content").GetString());

        var usage = await WaitForUsageEventAsync(traceId);
        Assert.NotNull(usage.RequestBody);
        Assert.Contains("[EMAIL_1]", usage.RequestBody);
        Assert.DoesNotContain(Email, usage.RequestBody);
        Assert.DoesNotContain(Email, usage.ResponseBody);
        var verdict = Assert.Single(usage.Guardrails);
        Assert.Equal((true, "redacted"), (verdict.Verdict, verdict.Action));
        Assert.True(Assert.Single(verdict.Checks).Transformed);
    }

    [Fact]
    public async Task Redact_TextParts_AreRedactedAndOtherPartsKept()
    {
        var client = await ReadyClientAsync();
        var body = JsonSerializer.Serialize(new
        {
            model = "gpt-4o",
            messages = new object[]
            {
                new
                {
                    role = "user",
                    content = new object[]
                    {
                        new { type = "text", text = $"mail {Email}" },
                        new { type = "image_url", image_url = new { url = "https://example.com/a.png" } },
                    },
                },
            },
        });
        using var response = await client.SendAsync(Chat(body, TestSnapshot.CompletionKey, ("x-portkey-config", Config(input: $"[{RedactEmail}]"))), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var parts = Primary.LastRequest!.Json.GetProperty("messages")[0].GetProperty("content");
        Assert.Equal("mail [EMAIL_1]", parts[0].GetProperty("text").GetString());
        Assert.Equal("https://example.com/a.png", parts[1].GetProperty("image_url").GetProperty("url").GetString());
    }

    [Fact]
    public async Task Fallback_SameGuardrailOnBothTargets_RunsOnce_AndNeitherUpstreamIsCalled()
    {
        var config = $$"""
            {"input_guardrails":[{{Deny(NoForbidden)}}],"strategy":{"mode":"fallback"},
             "targets":[{"provider":"@primary"},{"provider":"@secondary"}]}
            """;
        var (response, traceId) = await SendAsync(config, "forbidden words");

        await AssertErrorAsync(response, (HttpStatusCode)446);
        Assert.Empty(Primary.Requests);
        Assert.Empty(Secondary.Requests);
        var usage = await WaitForUsageEventAsync(traceId);
        Assert.Single(usage.Guardrails);
        Assert.All(usage.Attempts, a => Assert.Equal(446, a.Status));
    }

    [Fact]
    public async Task Inheritance_ChildWithoutGuardrails_InheritsTheParents()
    {
        var config = $$"""{"input_guardrails":[{{Deny(NoForbidden)}}],"targets":[{"provider":"@primary"}]}""";
        var (response, _) = await SendAsync(config, "forbidden words");

        await AssertErrorAsync(response, (HttpStatusCode)446);
        Assert.Empty(Primary.Requests);
    }

    [Fact]
    public async Task Inheritance_ChildWithItsOwn_ReplacesTheParents()
    {
        var config = $$"""
            {"input_guardrails":[{{Deny(NoForbidden)}}],
             "targets":[{"provider":"@primary","input_guardrails":[{"default.contains":{"words":["other"],"operator":"none"},"deny":true}]}]}
            """;
        var (response, traceId) = await SendAsync(config, "forbidden words");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var verdict = Assert.Single((await WaitForUsageEventAsync(traceId)).Guardrails);
        Assert.Equal("inline:config.targets[0].input_guardrails[0]", verdict.Guardrail);
    }

    [Fact]
    public async Task Async_FailedDenyGuardrail_IsOnlyRecorded()
    {
        var asyncDeny = NoForbidden + ""","deny":true,"async":true}""";
        var (response, traceId) = await SendAsync(Config(input: $"[{asyncDeny}]"), "forbidden words");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(Primary.Requests);
        var usage = await UsageWithVerdictsAsync(traceId, 1);
        Assert.Equal(200, usage.Status);
        var verdict = Assert.Single(usage.Guardrails);
        Assert.Equal((false, "recorded"), (verdict.Verdict, verdict.Action));
    }

    [Fact]
    public async Task SavedGuardrail_ById_IsApplied()
    {
        var (response, traceId) = await SendAsync(Config(input: $"[\"{DenyWordsId}\"]"), "forbidden words");

        await AssertErrorAsync(response, (HttpStatusCode)446);
        var hook = (await JsonAsync(response)).GetProperty("hook_results").GetProperty("before_request_hooks")[0];
        Assert.Equal(DenyWordsId, hook.GetProperty("id").GetString());
        Assert.Equal(DenyWordsId, Assert.Single((await WaitForUsageEventAsync(traceId)).Guardrails).Guardrail);
        Assert.Empty(Primary.Requests);
    }

    [Theory]
    [InlineData("pg-doesnotexist1")]
    [InlineData(OtherWorkspaceId)]
    [InlineData(BrokenId)]
    public async Task SavedGuardrail_UnknownInvisibleOrBroken_Is400NamingThePath(string id)
    {
        var (response, _) = await SendAsync(Config(output: $"[\"{id}\"]"), "hello");

        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("invalid_config", error.GetProperty("code").GetString());
        Assert.Contains("output_guardrails[0]", error.GetProperty("message").GetString());
        Assert.Contains(id, error.GetProperty("message").GetString());
        Assert.Empty(Primary.Requests);
    }

    [Fact]
    public async Task WorkspaceDefaults_ApplyWithoutAnyConfig_BeforeTheConfigs()
    {
        var (denied, deniedTrace) = await SendAsync(null, "forbidden words", key: WorkspaceGKey, model: "@primary/gpt-4o");
        await AssertErrorAsync(denied, (HttpStatusCode)446);
        Assert.Empty(Primary.Requests);
        var usage = await WaitForUsageEventAsync(deniedTrace);
        Assert.Equal([WarnSecretId, "inline:workspace.input_guardrails[1]"], usage.Guardrails.Select(g => g.Guardrail));

        // The saved default warns, the config's own runs after it; the workspace's output default redacts the echoed email.
        var (warned, warnedTrace) = await SendAsync(Config(input: $"[{Warn(NoForbidden)}]"), $"secret {Email}", key: WorkspaceGKey);
        Assert.Equal((HttpStatusCode)246, warned.StatusCode);
        var answer = await JsonAsync(warned);
        Assert.Equal("Echo: secret [EMAIL_1]", Content(answer));
        var hooks = answer.GetProperty("hook_results");
        Assert.Equal([WarnSecretId, "inline:workspace.input_guardrails[1]", "inline:config.input_guardrails[0]"],
            hooks.GetProperty("before_request_hooks").EnumerateArray().Select(h => h.GetProperty("id").GetString()));
        Assert.True(hooks.GetProperty("after_request_hooks")[0].GetProperty("transformed").GetBoolean());
        var verdicts = (await WaitForUsageEventAsync(warnedTrace)).Guardrails;
        Assert.Equal(["warned", "passed", "passed", "redacted"], verdicts.Select(v => v.Action));
    }

    [Fact]
    public async Task Completions_PromptIsRedacted()
    {
        var client = await ReadyClientAsync();
        using var response = await client.SendAsync(Post("/v1/completions", """{"model":"gpt-4o","prompt":"reach me at z@example.com"}""",
            TestSnapshot.CompletionKey, ("x-portkey-config", Config(input: $"[{RedactEmail}]"))), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("reach me at [EMAIL_1]", Primary.LastRequest!.Json.GetProperty("prompt").GetString());
    }

    [Fact]
    public async Task Embeddings_InputIsGuarded()
    {
        var client = await ReadyClientAsync();
        using var response = await client.SendAsync(Post("/v1/embeddings", """{"model":"text-embedding-3-small","input":["fine","forbidden"]}""",
            TestSnapshot.CompletionKey, ("x-portkey-config", Config(input: $"[{Deny(NoForbidden)}]"))), Ct);

        await AssertErrorAsync(response, (HttpStatusCode)446);
        Assert.Empty(Primary.Requests);
    }
}
