using System.Text;
using System.Text.Json;
using Contracts.Guardrails;
using DataPlane.Guardrails.Checks;
using static DataPlane.Tests.Guardrails.Checks.CheckRunner;

namespace DataPlane.Tests.Guardrails.Checks;

public sealed class WebhookCheckTests : IAsyncLifetime
{
    private readonly HttpClient _client = new();
    private WebhookReceiver _receiver = null!;

    public async ValueTask InitializeAsync() => _receiver = await WebhookReceiver.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _receiver.DisposeAsync();
        _client.Dispose();
    }

    private GuardrailCheck Webhook(string path, string extra = "") =>
        Compile(GuardrailChecks.Webhook, $$"""{ "webhookURL": "{{_receiver.Origin}}{{path}}", "timeout": 500 {{extra}} }""",
            new CheckServices(_client, TimeProvider.System));

    [Theory]
    [InlineData("/true", true, "the webhook's verdict: true")]
    [InlineData("/false", false, "the webhook's verdict: false")]
    [InlineData("/slow", false, "the webhook did not answer within 500 ms")]
    [InlineData("/garbage", false, "the webhook's answer held no boolean verdict")]
    [InlineData("/noverdict", false, "the webhook's answer held no boolean verdict")]
    [InlineData("/error", false, "the webhook answered 500")]
    public async Task Webhook_VerdictComesFromTheAnswer(string path, bool verdict, string explanation)
    {
        var outcome = await RunAsync(Webhook(path), Input(["hello"]));
        Assert.Equal(verdict, outcome.Verdict);
        Assert.Equal(explanation, outcome.Explanation);
    }

    [Theory]
    [InlineData("/true", false)]
    [InlineData("/false", true)]
    [InlineData("/slow", false)]
    [InlineData("/garbage", false)]
    public async Task Webhook_Not_InvertsOnlyRealVerdicts(string path, bool verdict) =>
        Assert.Equal(verdict, (await RunAsync(Webhook(path, """, "not": true"""), Input(["hello"]))).Verdict);

    [Fact]
    public async Task Webhook_Unreachable_Fails()
    {
        var check = Compile(GuardrailChecks.Webhook, """{ "webhookURL": "http://127.0.0.1:1/x", "timeout": 1000 }""", new CheckServices(_client, TimeProvider.System));
        var outcome = await RunAsync(check, Input(["hello"]));
        Assert.False(outcome.Verdict);
        Assert.Equal("the webhook could not be reached", outcome.Explanation);
    }

    [Fact]
    public async Task Webhook_PostsTheDocumentedBody_WithHeaders()
    {
        var check = Webhook("/true", """, "headers": { "Authorization": "Bearer hook-secret", "X-Team": "a" }""");
        var input = new CheckInput
        {
            Texts = ["first", "second"],
            Model = "gpt-4o",
            Metadata = new Dictionary<string, string> { ["team"] = "a" },
            IsOutput = true,
            RequestJson = Encoding.UTF8.GetBytes("""{"model":"gpt-4o","messages":[]}"""),
            ResponseJson = Encoding.UTF8.GetBytes("""{"choices":[]}"""),
            Redaction = new RedactionState(),
        };
        Assert.True((await RunAsync(check, input)).Verdict);

        var body = _receiver.LastBody!.Value;
        Assert.Equal("afterRequestHook", body.GetProperty("eventType").GetString());
        Assert.Equal("gpt-4o", body.GetProperty("model").GetString());
        Assert.Equal("a", body.GetProperty("metadata").GetProperty("team").GetString());
        Assert.Equal(JsonValueKind.Array, body.GetProperty("request").GetProperty("json").GetProperty("messages").ValueKind);
        Assert.Equal(JsonValueKind.Array, body.GetProperty("response").GetProperty("json").GetProperty("choices").ValueKind);
        Assert.Equal("first\nsecond", body.GetProperty("response").GetProperty("text").GetString());
        Assert.Equal("Bearer hook-secret", _receiver.LastHeaders!["Authorization"]);
        Assert.Equal("a", _receiver.LastHeaders!["X-Team"]);
    }

    [Fact]
    public async Task Webhook_InputHook_SendsRequestTextAndNoResponse()
    {
        var input = Input(["hi there"]);
        Assert.True((await RunAsync(Webhook("/true"), input)).Verdict);
        var body = _receiver.LastBody!.Value;
        Assert.Equal("beforeRequestHook", body.GetProperty("eventType").GetString());
        Assert.Equal("hi there", body.GetProperty("request").GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("request").GetProperty("json").ValueKind);
        Assert.Empty(body.GetProperty("response").EnumerateObject());
    }

    [Fact]
    public async Task Webhook_CallerCancellation_IsNotSwallowed()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Webhook("/slow").EvaluateAsync(Input(["x"]), cancelled.Token));
    }
}
