using System.Diagnostics;
using System.Net;
using System.Text;
using DataPlane.Caching;
using DataPlane.Inference;
using DataPlane.Providers;
using DataPlane.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataPlane.Tests.Caching;

/// <summary>
/// Capture and replay through real Kestrel responses (the body swap must behave there as on a test context):
/// a relayed OpenAI body (with Content-Length) and a relayed SSE stream, each served twice over HTTP.
/// </summary>
public sealed class KestrelCaptureTests(CacheFixture fixture) : IClassFixture<CacheFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FreshAnswer_ReachesTheClientWhole_AndTheHitReplaysTheSameBytes(bool stream)
    {
        var cache = fixture.NewCache();
        var ns = "ns-" + Guid.NewGuid().ToString("N");
        var statuses = new List<string>();
        await using var app = await StartAsync(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            var request = InferenceRequestParser.Parse(InferenceOperation.ChatCompletions, buffer.ToArray(), out _)!;
            var target = new RouteTarget(fixture.Snapshot.ProvidersBySlug["emb"], "gpt-4o-mini");
            var lookup = await cache.LookupAsync(new CacheRequest(CacheDriver.Simple(), target, request, fixture.KeyA, fixture.Snapshot, ns, false), context.RequestAborted);
            statuses.Add(lookup.Status);
            var response = lookup.Hit;
            if (response is null)
            {
                Assert.True(fixture.Providers.TryGet("openai", out var adapter));
                var result = await adapter.SendAsync(new ProviderRequest(target, request, Stopwatch.GetTimestamp()), context.RequestAborted);
                response = cache.StoreOnSuccess(result.Response!, lookup);
            }

            using (response)
            {
                await response.WriteToAsync(context.Response, context.RequestAborted);
            }
        });
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        var json = $$"""{"model":"gpt-4o-mini","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"over real sockets"}]}""";

        var (firstBody, firstType) = await PostAsync(client, json);
        await CacheDriver.WaitForKeyAsync(fixture.Redis.Connection, await EntryKeyAsync(cache, json, ns));
        var (secondBody, secondType) = await PostAsync(client, json);

        Assert.Equal([CacheStatus.Miss, CacheStatus.Hit], statuses);
        // A stream carries the echo one word per chunk.
        Assert.Contains(" sockets", Encoding.UTF8.GetString(firstBody), StringComparison.Ordinal);
        Assert.Equal(firstBody, secondBody);
        Assert.Equal(stream ? "text/event-stream" : "application/json", firstType);
        Assert.Equal(firstType, secondType);
        if (stream)
        {
            Assert.EndsWith("data: [DONE]\n\n", Encoding.UTF8.GetString(secondBody), StringComparison.Ordinal);
        }
    }

    private async Task<string> EntryKeyAsync(ResponseCache cache, string json, string ns)
    {
        var request = InferenceRequestParser.Parse(InferenceOperation.ChatCompletions, Encoding.UTF8.GetBytes(json), out _)!;
        var target = new RouteTarget(fixture.Snapshot.ProvidersBySlug["emb"], "gpt-4o-mini");
        var lookup = await cache.LookupAsync(new CacheRequest(CacheDriver.Simple(), target, request, fixture.KeyA, fixture.Snapshot, ns, ForceRefresh: true), Ct);
        return lookup.Key!.EntryKey;
    }

    private static async Task<(byte[] Body, string? MediaType)> PostAsync(HttpClient client, string json)
    {
        using var response = await client.PostAsync("/", new StringContent(json, Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsByteArrayAsync(Ct), response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<WebApplication> StartAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync(Ct);
        return app;
    }
}
