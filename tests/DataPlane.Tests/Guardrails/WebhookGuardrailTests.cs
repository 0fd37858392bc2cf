using System.Diagnostics;
using System.Net;
using DataPlane.Tests.Guardrails.Checks;

namespace DataPlane.Tests.Guardrails;

/// <summary>
/// Webhook guardrails through the real data plane (its own webhook HttpClient): a denying webhook refuses the request; an async
/// one does not hold the request up, and its verdict still reaches the usage event.
/// </summary>
public sealed class WebhookGuardrailTests(GuardrailFixture fixture) : GuardrailTestBase(fixture), IClassFixture<GuardrailFixture>, IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;

    public async ValueTask InitializeAsync() => _receiver = await WebhookReceiver.StartAsync(Ct);

    public async ValueTask DisposeAsync() => await _receiver.DisposeAsync();

    private string Webhook(string path, string actions, int timeoutMs = 1000) =>
        $$"""[{"default.webhook":{"webhookURL":"{{_receiver.Origin}}{{path}}","timeout":{{timeoutMs}}},{{actions}}}]""";

    [Fact]
    public async Task DenyingWebhook_Refuses446_AndReceivedTheRequest()
    {
        var (response, traceId) = await SendAsync(Config(input: Webhook("/false", "\"deny\":true")), "hello webhook");

        await AssertErrorAsync(response, (HttpStatusCode)446);
        Assert.Empty(Primary.Requests);
        Assert.Contains("hello webhook", _receiver.LastBody!.Value.GetRawText());
        var verdict = Assert.Single((await WaitForUsageEventAsync(traceId)).Guardrails);
        Assert.Equal(("default.webhook", false), (verdict.Checks[0].Check, verdict.Checks[0].Verdict));
    }

    [Fact]
    public async Task AsyncSlowWebhook_DoesNotHoldTheRequest_AndIsRecordedWhenItEnds()
    {
        await ReadyClientAsync();
        var started = Stopwatch.GetTimestamp();
        var (response, traceId) = await SendAsync(Config(input: Webhook("/slow", "\"deny\":true,\"async\":true", timeoutMs: 3000)), "hello");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromMilliseconds(2500), "the request did not wait for the webhook");
        var usage = await UsageWithVerdictsAsync(traceId, 1);
        var verdict = Assert.Single(usage.Guardrails);
        Assert.Equal((false, "recorded"), (verdict.Verdict, verdict.Action));
        Assert.True(verdict.LatencyMs >= 2900, $"the verdict came after the webhook's timeout ({verdict.LatencyMs} ms)");
    }
}
