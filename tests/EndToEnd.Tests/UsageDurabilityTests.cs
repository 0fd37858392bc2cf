using System.Net;
using Aspire.Hosting;

namespace EndToEnd.Tests;

/// <summary>
/// Every request is logged exactly once, whatever happens to the broker: requests succeed while RabbitMQ is down, their
/// events wait in the data plane's disk journal, and land once when it returns — also across a data-plane restart.
/// </summary>
[Collection(nameof(BrokerOutageApp))]
public sealed class UsageDurabilityTests(BrokerOutageApp app)
{
    [Fact]
    public async Task BrokerDown_RequestsSucceed_AndEveryEventLandsExactlyOnceWhenItReturns_AlsoAcrossADataPlaneRestart()
    {
        var ct = TestContext.Current.CancellationToken;
        var slug = "mock-" + Guid.NewGuid().ToString("N")[..8];
        await app.CreateMockProviderAsync(slug, ct);
        var (key, keyId) = await app.CreateServiceKeyWithIdAsync(ct);
        var sent = new List<string>();
        await SendAsync(key, slug, 5, sent, ct);
        await WaitForLogsAsync(keyId, sent, ct);

        var broker = AmqpPort(await app.App.GetConnectionStringAsync("rabbitmq", ct));
        await app.StopResourceAsync("rabbitmq", token => Resources.AcceptsAsync(broker, token), ct);

        // While the broker is away every request still succeeds.
        await SendAsync(key, slug, 30, sent, ct);

        // A restart with events in the journal (the AppHost starts the data plane only once RabbitMQ runs): the new
        // data plane replays them.
        await app.StopResourceAsync("data-plane", token => ServesAsync(key, slug, token), ct);
        await app.StartResourceAsync("rabbitmq", token => Resources.AcceptsAsync(broker, token), ct);
        await app.StartResourceAsync("data-plane", token => ServesAsync(key, slug, token), ct);
        await SendAsync(key, slug, 10, sent, ct);

        await WaitForLogsAsync(keyId, sent, ct);
    }

    private async Task SendAsync(string key, string slug, int count, List<string> sent, CancellationToken ct)
    {
        for (var i = 0; i < count; i++)
        {
            var traceId = "durable-" + Guid.NewGuid().ToString("N");
            using var request = Admin.Chat(key, $"@{slug}/m", "keep me");
            request.Headers.Add("x-portkey-trace-id", traceId);
            using var response = await app.DataPlane.SendAsync(request, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            sent.Add(traceId);
        }
    }

    /// <summary>Polls the logs API (bounded) until the key's logs are exactly <paramref name="sent"/>: each trace once, none missing.</summary>
    private async Task WaitForLogsAsync(string keyId, List<string> sent, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        List<string> logged;
        while (true)
        {
            var page = await app.SendExpectingAsync(HttpMethod.Get, $"/v1/logs?api_key_id={keyId}&limit=200", null, HttpStatusCode.OK, ct);
            // Only this test's requests: the key's first probes (while the data plane learnt it) are logged too.
            logged = [.. page.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("trace_id").GetString()!)
                .Where(t => t.StartsWith("durable-", StringComparison.Ordinal))];
            if (logged.Count >= sent.Count || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(500, ct);
        }

        Assert.Equal(sent.Order(StringComparer.Ordinal), logged.Order(StringComparer.Ordinal));
    }

    private static int AmqpPort(string? connectionString) => new Uri(connectionString!).Port;

    /// <summary>Whether the data plane serves the key (its health may say degraded while the broker is away: it still serves).</summary>
    private async Task<bool> ServesAsync(string key, string slug, CancellationToken ct)
    {
        try
        {
            using var request = Admin.Chat(key, $"@{slug}/m", "are you there");
            request.Headers.Add("x-portkey-trace-id", "probe-" + Guid.NewGuid().ToString("N"));
            using var response = await app.DataPlane.SendAsync(request, ct);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
