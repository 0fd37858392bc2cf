using System.Text.Json;
using TestKit.FakeProviders;

namespace DataPlane.Tests.Routing;

/// <summary>Requests with a config, and what the gateway reports about how they were routed.</summary>
public abstract class RoutingTestBase : ServiceTestBase
{
    private readonly RoutingFixture fixture;

    /// <summary>xUnit makes one instance per test: each starts with fakes that hold no faults and no recorded requests.</summary>
    protected RoutingTestBase(RoutingFixture fixture)
        : base(fixture.Factory)
    {
        this.fixture = fixture;
        fixture.Primary.Reset();
        fixture.Secondary.Reset();
    }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected RoutingFixture Fixture => fixture;
    protected FakeOpenAiServer Primary => fixture.Primary;
    protected FakeOpenAiServer Secondary => fixture.Secondary;

    /// <summary>Sends a chat request with <paramref name="config"/> (inline JSON or an id) and a fresh trace id.</summary>
    protected async Task<(HttpResponseMessage Response, string TraceId)> SendAsync(
        string? config, string? body = null, string? key = null, params (string Name, string Value)[] headers)
    {
        var traceId = "trace-" + Guid.NewGuid().ToString("N");
        var all = new List<(string, string)>(headers) { ("x-portkey-trace-id", traceId) };
        if (config is not null)
        {
            all.Add(("x-portkey-config", config));
        }

        var client = await ReadyClientAsync();
        var response = await client.SendAsync(Chat(body ?? Body("gpt-4o"), key ?? TestSnapshot.CompletionKey, [.. all]), Ct);
        return (response, traceId);
    }

    protected static async Task<string> ContentAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return document.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
    }
}
