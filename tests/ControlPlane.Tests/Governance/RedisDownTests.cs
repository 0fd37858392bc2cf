using System.Diagnostics;
using System.Net;

namespace ControlPlane.Tests.Governance;

public sealed class RedisDownTests(RedisDownHost host) : IClassFixture<RedisDownHost>
{
    [Fact]
    public async Task Reads_WithRedisUnreachable_Return200WithUnknownUsageAndNoStatus()
    {
        var created = await host.SendAsync(HttpMethod.Post, "/v1/admin/workspaces", new
        {
            name = "Offline", slug = "w" + Guid.NewGuid().ToString("N")[..12],
            usage_limits = new { type = "tokens", credit_limit = 1000 },
        }, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString();

        var started = Stopwatch.StartNew();
        var read = await host.SendAsync(HttpMethod.Get, $"/v1/admin/workspaces/{id}", null, HttpStatusCode.OK);
        var list = await host.SendAsync(HttpMethod.Get, "/v1/admin/workspaces", null, HttpStatusCode.OK);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(3), $"took {started.Elapsed}");

        var usage = read.GetProperty("usage_limits");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, usage.GetProperty("current_usage").ValueKind);
        Assert.False(usage.TryGetProperty("status", out _));
        Assert.Equal(1000m, usage.GetProperty("credit_limit").GetDecimal());
        Assert.Contains(list.GetProperty("data").EnumerateArray(), w => w.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task Reset_WithRedisUnreachable_Returns503NotA500()
    {
        var created = await host.SendAsync(HttpMethod.Post, "/v1/admin/workspaces", new
        {
            name = "Offline", slug = "w" + Guid.NewGuid().ToString("N")[..12],
            usage_limits = new { type = "tokens", credit_limit = 1000 },
        }, HttpStatusCode.Created);
        await host.SendAsync(HttpMethod.Post, $"/v1/admin/workspaces/{created.GetProperty("id").GetString()}/usage/reset", null,
            HttpStatusCode.ServiceUnavailable);
    }
}
