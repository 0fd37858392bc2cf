using System.Net;
using static DataPlane.Tests.Guardrails.GuardrailFixture;

namespace DataPlane.Tests.Guardrails;

public sealed class OutputGuardrailTests(GuardrailFixture fixture) : GuardrailTestBase(fixture), IClassFixture<GuardrailFixture>
{
    private const string RedactEmail = """{"portkey.pii":{"categories":["email"],"redact":true}}""";

    [Fact]
    public async Task Deny_FailedOutputCheck_WithholdsTheAnswerWith446()
    {
        Primary.ReplyText = "the answer is forbidden knowledge";
        var (response, traceId) = await SendAsync(Config(output: $"[{Deny(NoForbidden)}]"), "tell me");

        var error = await AssertErrorAsync(response, (HttpStatusCode)446);
        Assert.Equal("hooks_failed", error.GetProperty("type").GetString());
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("forbidden knowledge", body);
        var hooks = (await JsonAsync(response)).GetProperty("hook_results");
        Assert.Equal(0, hooks.GetProperty("before_request_hooks").GetArrayLength());
        Assert.False(hooks.GetProperty("after_request_hooks")[0].GetProperty("verdict").GetBoolean());
        Assert.Single(Primary.Requests);

        var usage = await WaitForUsageEventAsync(traceId);
        Assert.Equal(446, usage.Status);
        Assert.True(usage.CompletionTokens > 0, "the withheld answer was generated: its tokens count");
        var verdict = Assert.Single(usage.Guardrails);
        Assert.Equal(("output", "denied"), (verdict.Hook, verdict.Action));
    }

    [Fact]
    public async Task Warn_FailedOutputCheck_Returns246WithTheAnswerAndHookResults()
    {
        Primary.ReplyText = "the answer is forbidden knowledge";
        var (response, traceId) = await SendAsync(Config(output: $"[{Warn(NoForbidden)}]"), "tell me");

        Assert.Equal((HttpStatusCode)246, response.StatusCode);
        var answer = await JsonAsync(response);
        Assert.Equal("the answer is forbidden knowledge", Content(answer));
        Assert.Equal("chat.completion", answer.GetProperty("object").GetString());
        Assert.True(answer.GetProperty("usage").GetProperty("total_tokens").GetInt32() > 0);
        var hook = Assert.Single(answer.GetProperty("hook_results").GetProperty("after_request_hooks").EnumerateArray());
        Assert.False(hook.GetProperty("verdict").GetBoolean());
        Assert.Equal(246, (await WaitForUsageEventAsync(traceId)).Status);
    }

    [Fact]
    public async Task Redact_EmailInTheAnswer_IsReplacedBeforeTheClientAndTheLogsGetIt()
    {
        Primary.ReplyText = "contact ops@example.org or ops@example.org";
        var (response, traceId) = await SendAsync(Config(output: $"[{RedactEmail}]"), "who do I call?", key: BodyLoggingKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await JsonAsync(response);
        Assert.Equal("contact [EMAIL_1] or [EMAIL_1]", Content(answer));
        Assert.True(answer.GetProperty("hook_results").GetProperty("after_request_hooks")[0].GetProperty("transformed").GetBoolean());
        var usage = await WaitForUsageEventAsync(traceId);
        Assert.Equal(200, usage.Status);
        Assert.Contains("[EMAIL_1]", usage.ResponseBody);
        Assert.DoesNotContain("ops@example.org", usage.ResponseBody);
        Assert.Equal("redacted", Assert.Single(usage.Guardrails).Action);
    }

    [Fact]
    public async Task Redact_SameValueInRequestAndAnswer_GetsTheSamePlaceholder()
    {
        // The input is redacted first; the upstream echoes the placeholder, and a new email in the answer is the second one.
        Primary.ReplyText = null;
        var (response, _) = await SendAsync(Config(input: $"[{RedactEmail}]", output: $"[{RedactEmail}]"), "a@example.com");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Echo: [EMAIL_1]", Content(await JsonAsync(response)));
        Assert.Equal("[EMAIL_1]", UpstreamUserText(Primary));
    }

    [Fact]
    public async Task Pass_OutputGuardrail_LeavesTheAnswerUntouched()
    {
        var (response, traceId) = await SendAsync(Config(output: $"[{Deny(NoForbidden)}]"), "fine");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await JsonAsync(response);
        Assert.False(answer.TryGetProperty("hook_results", out _));
        Assert.Equal("Echo: fine", Content(answer));
        Assert.Equal("passed", Assert.Single((await WaitForUsageEventAsync(traceId)).Guardrails).Action);
    }

    [Fact]
    public async Task MockProvider_OutputRedaction_Works()
    {
        var (response, _) = await SendAsync("""{"provider":"@mock-shared","output_guardrails":[{"portkey.pii":{"categories":["email"],"redact":true}}]}""",
            "x@example.com");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var content = Content(await JsonAsync(response));
        Assert.Contains("[EMAIL_1]", content);
        Assert.DoesNotContain("x@example.com", content);
    }

    [Fact]
    public async Task Stream_InputDeny_NeverStartsTheStream()
    {
        var (response, traceId) = await SendAsync(Config(input: $"[{Deny(NoForbidden)}]"), "forbidden", stream: true);

        await AssertErrorAsync(response, (HttpStatusCode)446);
        Assert.Empty(Primary.Requests);
        Assert.True((await WaitForUsageEventAsync(traceId)).Stream);
    }

    [Fact]
    public async Task Stream_InputWarn_Is246WithTheStream()
    {
        var (response, traceId) = await SendAsync(Config(input: $"[{Warn(NoForbidden)}]"), "forbidden", stream: true);

        Assert.Equal((HttpStatusCode)246, response.StatusCode);
        Assert.Equal("text/event-stream", ContentType(response)?.MediaType);
        var sse = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("[DONE]", sse);
        Assert.Equal(246, (await WaitForUsageEventAsync(traceId)).Status);
    }

    [Fact]
    public async Task Stream_OutputDeny_IsEvaluatedOnTheAssembledTextAtTheEnd_AndOnlyRecorded()
    {
        Primary.ReplyText = "some forbidden words here";
        var (response, traceId) = await SendAsync(Config(output: $"[{Deny(NoForbidden)}]"), "tell me", stream: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sse = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("[DONE]", sse);
        var usage = await UsageWithVerdictsAsync(traceId, 1);
        Assert.Equal(200, usage.Status);
        var verdict = Assert.Single(usage.Guardrails);
        Assert.Equal(("output", false, "recorded"), (verdict.Hook, verdict.Verdict, verdict.Action));
    }

    [Fact]
    public async Task Stream_OutputPass_IsRecorded()
    {
        Primary.ReplyText = "all good";
        var (response, traceId) = await SendAsync(Config(output: $"[{Deny(NoForbidden)}]"), "tell me", stream: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        _ = await response.Content.ReadAsStringAsync(Ct);
        var verdict = Assert.Single((await UsageWithVerdictsAsync(traceId, 1)).Guardrails);
        Assert.Equal((true, "recorded"), (verdict.Verdict, verdict.Action));
    }
}
