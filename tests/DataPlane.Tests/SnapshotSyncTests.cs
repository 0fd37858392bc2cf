using System.Net;
using Contracts.Security;
using Contracts.Snapshots;
using Contracts;
using Microsoft.AspNetCore.Mvc.Testing;
using StackExchange.Redis;
using TestKit.Redis;

namespace DataPlane.Tests;

/// <summary>The snapshot path through a real Redis: pub/sub, the version poll, the disk copy, and an outage.</summary>
public sealed class SnapshotSyncTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Snapshots_FromRedis_AreLoadedSwappedCopiedToDisk_AndServedThroughOutage()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var redis = await RedisServer.StartAsync(ct);
        var directory = Path.Combine(Path.GetTempPath(), "dataplane-tests", Guid.NewGuid().ToString("N"));
        var diskPath = Path.Combine(directory, "snapshot.json");
        try
        {
            await using var factory = Factory(diskPath, redis.Port);
            var client = factory.CreateClient();

            // Nothing in Redis and nothing on disk: not ready.
            using (var health = await client.GetAsync("/health", ct))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            }

            // Version 1, announced on the channel.
            var db = redis.Connection.GetDatabase();
            await db.StringSetAsync(SnapshotChannel.SnapshotKey, TestSnapshot.ToJson(TestSnapshot.Build(1)));
            await db.StringSetAsync(SnapshotChannel.VersionKey, "1");
            await redis.Connection.GetSubscriber().PublishAsync(RedisChannel.Literal(SnapshotChannel.Changed), "1");
            await EventuallyAsync(async () => (await client.GetAsync("/health", ct)).StatusCode == HttpStatusCode.OK, ct);
            Assert.Equal(HttpStatusCode.OK, await CompleteAsync(client, TestSnapshot.CompletionKey, ct));
            await EventuallyAsync(() => Task.FromResult(File.Exists(diskPath)), ct);

            // Version 2 adds a key, without an announcement: the version poll must find it.
            var newKey = ApiKeyHasher.NewKey();
            var v2 = TestSnapshot.Build(2, TestSnapshot.Key(newKey, Guid.NewGuid(), "workspace", TestSnapshot.WorkspaceA, [Scopes.CompletionsWrite]));
            Assert.Equal(HttpStatusCode.Unauthorized, await CompleteAsync(client, newKey, ct));
            await db.StringSetAsync(SnapshotChannel.SnapshotKey, TestSnapshot.ToJson(v2));
            await db.StringSetAsync(SnapshotChannel.VersionKey, "2");
            await EventuallyAsync(async () => await CompleteAsync(client, newKey, ct) == HttpStatusCode.OK, ct);
            await EventuallyAsync(() => Task.FromResult(File.ReadAllText(diskPath).Contains("\"version\":2", StringComparison.Ordinal)), ct);

            // Redis goes away: the held snapshot keeps serving.
            await redis.StopServerAsync();
            await Task.Delay(1500, ct);
            Assert.Equal(HttpStatusCode.OK, await CompleteAsync(client, newKey, ct));
            using (var health = await client.GetAsync("/health", ct))
            {
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            }
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Restart_WithRedisDown_ServesFromTheDiskCopy_AndAKeyRevokedBeforeTheOutageStaysRevoked()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var redis = await RedisServer.StartAsync(ct);
        var directory = Path.Combine(Path.GetTempPath(), "dataplane-tests", Guid.NewGuid().ToString("N"));
        var diskPath = Path.Combine(directory, "snapshot.json");
        var revokedKey = ApiKeyHasher.NewKey();
        try
        {
            // Before the outage: version 1 knows the key, version 2 (its revocation) reaches the data plane and its disk copy.
            await using (var first = Factory(diskPath, redis.Port))
            {
                var client = first.CreateClient();
                var db = redis.Connection.GetDatabase();
                var withKey = TestSnapshot.Build(1, TestSnapshot.Key(revokedKey, Guid.NewGuid(), "workspace", TestSnapshot.WorkspaceA, [Scopes.CompletionsWrite]));
                await db.StringSetAsync(SnapshotChannel.SnapshotKey, TestSnapshot.ToJson(withKey));
                await db.StringSetAsync(SnapshotChannel.VersionKey, "1");
                await EventuallyAsync(async () => await CompleteAsync(client, revokedKey, ct) == HttpStatusCode.OK, ct);

                await db.StringSetAsync(SnapshotChannel.SnapshotKey, TestSnapshot.ToJson(TestSnapshot.Build(2)));
                await db.StringSetAsync(SnapshotChannel.VersionKey, "2");
                await EventuallyAsync(async () => await CompleteAsync(client, revokedKey, ct) == HttpStatusCode.Unauthorized, ct);
                await EventuallyAsync(() => Task.FromResult(File.Exists(diskPath) && File.ReadAllText(diskPath).Contains("\"version\":2", StringComparison.Ordinal)), ct);
            }

            // The outage: Redis (and with it the control plane's snapshots) is gone when the data plane restarts.
            await redis.StopServerAsync();
            await using var restarted = Factory(diskPath, redis.Port);
            var restartedClient = restarted.CreateClient();
            await EventuallyAsync(async () => (await restartedClient.GetAsync("/health", ct)).StatusCode == HttpStatusCode.OK, ct);
            Assert.Equal(HttpStatusCode.OK, await CompleteAsync(restartedClient, TestSnapshot.CompletionKey, ct));
            Assert.Equal(HttpStatusCode.Unauthorized, await CompleteAsync(restartedClient, revokedKey, ct));
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static WebApplicationFactory<Program> Factory(string diskPath, int redisPort) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Gateway:SecretKey", TestSnapshot.SecretKey);
            builder.UseSetting("Gateway:SnapshotCachePath", diskPath);
            builder.UseSetting("Gateway:UsagePublishTimeoutMs", "300");
            builder.UseSetting("ConnectionStrings:redis", $"127.0.0.1:{redisPort}");
            builder.UseSetting("ConnectionStrings:rabbitmq", "amqp://guest:guest@127.0.0.1:1");
        });

    private static async Task<HttpStatusCode> CompleteAsync(HttpClient client, string key, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"@mock-shared/m","messages":[{"role":"user","content":"hi"}]}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("x-portkey-api-key", key);
        using var response = await client.SendAsync(request, ct);
        return response.StatusCode;
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(Bounded);
        while (!await condition())
        {
            await Task.Delay(50, deadline.Token);
        }
    }
}
