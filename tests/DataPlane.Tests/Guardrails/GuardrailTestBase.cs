using System.Net.Http.Headers;
using System.Text.Json;
using Contracts.Usage;
using TestKit.FakeProviders;

namespace DataPlane.Tests.Guardrails;

/// <summary>Requests through guardrails, and what the client, the upstream and the usage event saw.</summary>
public abstract class GuardrailTestBase : ServiceTestBase
{
    protected GuardrailTestBase(GuardrailFixture fixture)
        : base(fixture.Factory)
    {
        Fixture = fixture;
        fixture.Primary.Reset();
        fixture.Secondary.Reset();
        fixture.Primary.ReplyText = null;
        fixture.Secondary.ReplyText = null;
    }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected GuardrailFixture Fixture { get; }
    protected FakeOpenAiServer Primary => Fixture.Primary;
    protected FakeOpenAiServer Secondary => Fixture.Secondary;

    /// <summary>A chat request with <paramref name="config"/> (inline JSON or an id; null: none) and a fresh trace id.</summary>
    protected async Task<(HttpResponseMessage Response, string TraceId)> SendAsync(
        string? config, string userText, string? key = null, bool stream = false, string model = "gpt-4o")
    {
        var traceId = "trace-" + Guid.NewGuid().ToString("N");
        var headers = new List<(string, string)> { ("x-portkey-trace-id", traceId) };
        if (config is not null)
        {
            headers.Add(("x-portkey-config", config));
        }

        var client = await ReadyClientAsync();
        var response = await client.SendAsync(Chat(Body(model, userText, stream), key ?? TestSnapshot.CompletionKey, [.. headers]), Ct);
        return (response, traceId);
    }

    /// <summary>A config routing to <c>@primary</c> with these guardrails (JSON arrays, or null for none).</summary>
    protected static string Config(string? input = null, string? output = null)
    {
        var fields = new List<string> { "\"provider\":\"@primary\"" };
        if (input is not null)
        {
            fields.Add($"\"input_guardrails\":{input}");
        }

        if (output is not null)
        {
            fields.Add($"\"output_guardrails\":{output}");
        }

        return "{" + string.Join(",", fields) + "}";
    }

    protected static string Deny(string guardrail) => guardrail + ""","deny":true}""";

    protected static string Warn(string guardrail) => guardrail + "}";

    protected static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return document.RootElement.Clone();
    }

    protected static string Content(JsonElement answer) =>
        answer.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;

    protected static string UpstreamUserText(FakeOpenAiServer fake) =>
        fake.LastRequest!.Json.GetProperty("messages")[1].GetProperty("content").GetString()!;

    /// <summary>The usage event once every guardrail verdict the test expects is in it.</summary>
    protected async Task<UsageEvent> UsageWithVerdictsAsync(string traceId, int verdicts)
    {
        using var deadline = new CancellationTokenSource(Bounded);
        while (true)
        {
            var usage = await WaitForUsageEventAsync(traceId);
            if (usage.Guardrails.Count >= verdicts)
            {
                return usage;
            }

            await Task.Delay(50, deadline.Token);
        }
    }

    protected static MediaTypeHeaderValue? ContentType(HttpResponseMessage response) => response.Content.Headers.ContentType;
}
