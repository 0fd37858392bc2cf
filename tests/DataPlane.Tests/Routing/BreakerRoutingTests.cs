using System.Net;
using System.Text.Json;
using Contracts.Usage;
using DataPlane.Usage;
using Microsoft.Extensions.DependencyInjection;
using TestKit.FakeProviders;

namespace DataPlane.Tests.Routing;

/// <summary>
/// <c>cb_config</c> through routing, with the breaker state shared by two replicas through one Redis. Every test uses its
/// own config text (a distinct <c>metadata.t</c>), so its breakers are its own. Tests that wait for a cooldown use the
/// validator's minimum (1000 ms); tests that only need the breaker to stay open use a long one, so a slow CI machine
/// cannot let it close between two steps.
/// </summary>
public sealed class BreakerRoutingTests : ServiceTestBase, IClassFixture<SharedRedisRoutingFixture>
{
    private const int ShortCooldownMs = 1000;
    private const int LongCooldownMs = 60_000;

    // Cooldown plus a margin: the breaker's clock and ours are the same machine's.
    private static readonly TimeSpan PastCooldown = TimeSpan.FromMilliseconds(ShortCooldownMs + 200);

    private readonly SharedRedisRoutingFixture _fixture;

    /// <summary>xUnit makes one instance per test: each starts with fakes that hold no faults and no recorded requests.</summary>
    public BreakerRoutingTests(SharedRedisRoutingFixture fixture)
        : base(fixture.ReplicaA)
    {
        _fixture = fixture;
        fixture.Primary.Reset();
        fixture.Secondary.Reset();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DataPlaneFactory A => _fixture.ReplicaA;
    private DataPlaneFactory B => _fixture.ReplicaB;
    private FakeOpenAiServer Primary => _fixture.Primary;
    private FakeOpenAiServer Secondary => _fixture.Secondary;

    [Fact]
    public async Task Breaker_OpenedThroughReplicaA_SendsReplicaBStraightToTheNextTarget()
    {
        var config = Fallback(nameof(Breaker_OpenedThroughReplicaA_SendsReplicaBStraightToTheNextTarget), LongCooldownMs);
        await OpenThroughAsync(A, config);
        Primary.Reset();

        var (response, traceId) = await SendAsync(B, config);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("from secondary", await ContentAsync(response));
        Assert.Equal("config.targets[1]", Header(response, "x-portkey-last-used-option-index"));
        Assert.Empty(Primary.Requests);
        var usage = await UsageAsync(B, traceId);
        Assert.Collection(usage.Attempts,
            first => Assert.Equal(("config.targets[0]", "primary", 503, "circuit_open"), (first.OptionIndex, first.Provider, first.Status, first.ErrorType)),
            second => Assert.Equal(("config.targets[1]", "secondary", 200), (second.OptionIndex, second.Provider, second.Status)));

        // And on the replica that opened it, too.
        var (again, _) = await SendAsync(A, config);
        Assert.Equal("from secondary", await ContentAsync(again));
        Assert.Empty(Primary.Requests);
    }

    [Fact]
    public async Task Breaker_BelowTheThreshold_StaysClosed()
    {
        var config = Fallback(nameof(Breaker_BelowTheThreshold_StaysClosed), LongCooldownMs);
        Primary.EnqueueFault(FakeFault.Status(500, "boom", "server_error"));
        var (failed, _) = await SendAsync(A, config);
        Assert.Equal("from secondary", await ContentAsync(failed));

        var (response, _) = await SendAsync(B, config);

        Assert.Equal("from primary", await ContentAsync(response));
        Assert.Equal(2, Primary.Requests.Count);
    }

    [Fact]
    public async Task Breaker_AfterTheCooldown_ASuccessfulProbeClosesItOnBothReplicas()
    {
        var config = Fallback(nameof(Breaker_AfterTheCooldown_ASuccessfulProbeClosesItOnBothReplicas), ShortCooldownMs);
        await OpenThroughAsync(A, config);
        Primary.Reset();
        var (whileOpen, _) = await SendAsync(B, config);
        Assert.Equal("from secondary", await ContentAsync(whileOpen));
        Assert.Empty(Primary.Requests);
        Secondary.Reset();

        await Task.Delay(PastCooldown, Ct);
        var (probe, probeTrace) = await SendAsync(B, config);

        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        Assert.Equal("from primary", await ContentAsync(probe));
        Assert.Equal("config.targets[0]", Header(probe, "x-portkey-last-used-option-index"));
        Assert.Single(Primary.Requests);

        // Closed: both replicas use primary again, well inside what would still be the cooldown had it re-opened.
        var (viaA, _) = await SendAsync(A, config);
        var (viaB, _) = await SendAsync(B, config);
        Assert.Equal("from primary", await ContentAsync(viaA));
        Assert.Equal("from primary", await ContentAsync(viaB));
        Assert.Equal(3, Primary.Requests.Count);
        Assert.Empty(Secondary.Requests);
        var probeAttempt = Assert.Single((await UsageAsync(B, probeTrace)).Attempts);
        Assert.Equal(("config.targets[0]", 200), (probeAttempt.OptionIndex, probeAttempt.Status));
    }

    [Fact]
    public async Task Breaker_AfterTheCooldown_LetsExactlyOneProbeThrough_AndAFailedProbeReopensIt()
    {
        // The probe hangs until primary's request_timeout: while it is out, both replicas must keep away from primary.
        var config = $$"""
            {"cb_config":{"failure_threshold":2,"cooldown_interval":{{ShortCooldownMs}},"failure_status_codes":[500]},
             "metadata":{"t":"{{nameof(Breaker_AfterTheCooldown_LetsExactlyOneProbeThrough_AndAFailedProbeReopensIt)}}"},
             "strategy":{"mode":"fallback"},
             "targets":[{"provider":"@primary","request_timeout":600},{"provider":"@secondary"}]}
            """;
        await OpenThroughAsync(A, config);
        Primary.Reset();
        Primary.EnqueueFault(FakeFault.Hang());
        await Task.Delay(PastCooldown, Ct);

        var probe = SendAsync(B, config);
        await WaitUntilAsync(() => Primary.Requests.Count == 1);
        var (duringA, duringATrace) = await SendAsync(A, config);
        var (duringB, _) = await SendAsync(B, config);
        Assert.Equal("from secondary", await ContentAsync(duringA));
        Assert.Equal("from secondary", await ContentAsync(duringB));

        var (probeResponse, probeTrace) = await probe;
        Assert.Equal(HttpStatusCode.OK, probeResponse.StatusCode);
        Assert.Equal("from secondary", await ContentAsync(probeResponse));

        // The failed probe re-opened it at once: no second probe, on either replica.
        var (afterA, afterATrace) = await SendAsync(A, config);
        var (afterB, _) = await SendAsync(B, config);
        Assert.Equal("from secondary", await ContentAsync(afterA));
        Assert.Equal("from secondary", await ContentAsync(afterB));
        Assert.Single(Primary.Requests);

        // Usage events last: they appear only once their publish has timed out.
        Assert.Equal("circuit_open", (await UsageAsync(A, duringATrace)).Attempts[0].ErrorType);
        Assert.Equal("circuit_open", (await UsageAsync(A, afterATrace)).Attempts[0].ErrorType);
        var probeUsage = await UsageAsync(B, probeTrace);
        Assert.Equal([(408, "request_timeout"), (200, null)], probeUsage.Attempts.Select(a => (a.Status, a.ErrorType)));

        // One more cooldown, and a probe that answers closes it.
        await Task.Delay(PastCooldown, Ct);
        var (closing, _) = await SendAsync(A, config);
        Assert.Equal("from primary", await ContentAsync(closing));
        var (closed, _) = await SendAsync(B, config);
        Assert.Equal("from primary", await ContentAsync(closed));
        Assert.Equal(3, Primary.Requests.Count);
    }

    [Fact]
    public async Task Breaker_StatusesNotInFailureStatusCodes_NeverOpenIt()
    {
        var config = Fallback(nameof(Breaker_StatusesNotInFailureStatusCodes_NeverOpenIt), LongCooldownMs);
        for (var i = 0; i < 3; i++)
        {
            Primary.EnqueueFault(FakeFault.Status(429, "slow down", "requests"));
            Primary.EnqueueFault(FakeFault.Status(503, "overloaded", "server_error"));
        }

        for (var i = 0; i < 6; i++)
        {
            // The fallback still moves on for each (any non-2xx), but none of them counts towards the breaker.
            var (failed, _) = await SendAsync(i % 2 == 0 ? A : B, config);
            Assert.Equal("from secondary", await ContentAsync(failed));
        }

        Primary.Reset();
        var (viaA, _) = await SendAsync(A, config);
        var (viaB, traceB) = await SendAsync(B, config);

        Assert.Equal("from primary", await ContentAsync(viaA));
        Assert.Equal("from primary", await ContentAsync(viaB));
        Assert.Equal(2, Primary.Requests.Count);
        Assert.Equal(200, Assert.Single((await UsageAsync(B, traceB)).Attempts).Status);
    }

    [Fact]
    public async Task LoadBalance_WithPrimaryOpen_SendsEveryRequestToSecondary()
    {
        // Weighted 50:1 for primary: without the breaker nearly every request would go there.
        var config = $$"""
            {"cb_config":{"failure_threshold":2,"cooldown_interval":{{LongCooldownMs}},"failure_status_codes":[500]},
             "metadata":{"t":"{{nameof(LoadBalance_WithPrimaryOpen_SendsEveryRequestToSecondary)}}"},
             "strategy":{"mode":"loadbalance"},
             "targets":[{"provider":"@primary","weight":50},{"provider":"@secondary","weight":1}]}
            """;
        Primary.EnqueueFault(FakeFault.Status(500, "boom", "server_error"));
        Primary.EnqueueFault(FakeFault.Status(500, "boom", "server_error"));
        for (var sent = 0; Primary.Requests.Count < 2; sent++)
        {
            Assert.True(sent < 30, "primary was drawn fewer than 2 times in 30 requests at weight 50:1");
            await SendAsync(sent % 2 == 0 ? A : B, config);
        }

        Primary.Reset();
        Secondary.Reset();
        var traces = new List<(DataPlaneFactory Replica, string TraceId)>();
        for (var i = 0; i < 10; i++)
        {
            var replica = i % 2 == 0 ? A : B;
            var (response, traceId) = await SendAsync(replica, config);
            Assert.Equal("from secondary", await ContentAsync(response));
            Assert.Equal("config.targets[1]", Header(response, "x-portkey-last-used-option-index"));
            traces.Add((replica, traceId));
        }

        Assert.Empty(Primary.Requests);
        Assert.Equal(10, Secondary.Requests.Count);
        foreach (var (replica, traceId) in traces)
        {
            // Left out of the draw, not tried and skipped: the only attempt is secondary's.
            var attempt = Assert.Single((await UsageAsync(replica, traceId)).Attempts);
            Assert.Equal(("config.targets[1]", 200), (attempt.OptionIndex, attempt.Status));
        }
    }

    [Fact]
    public async Task Breaker_IsPerConfigAndTarget_OthersUsingTheSameProviderAreUnaffected()
    {
        var opened = Fallback(nameof(Breaker_IsPerConfigAndTarget_OthersUsingTheSameProviderAreUnaffected), LongCooldownMs);
        await OpenThroughAsync(A, opened);
        Primary.Reset();

        // Same shape, same providers, different config text: its own breakers, closed.
        var other = Fallback(nameof(Breaker_IsPerConfigAndTarget_OthersUsingTheSameProviderAreUnaffected) + "-other", LongCooldownMs);
        var (viaOther, _) = await SendAsync(B, other);
        Assert.Equal("from primary", await ContentAsync(viaOther));
        Assert.Single(Primary.Requests);

        // Within the opened config only targets[0] is open: secondary (targets[1]) still answers.
        var (viaOpened, traceId) = await SendAsync(B, opened);
        Assert.Equal("from secondary", await ContentAsync(viaOpened));
        Assert.Single(Primary.Requests);
        Assert.Equal(["circuit_open", null], (await UsageAsync(B, traceId)).Attempts.Select(a => a.ErrorType));

        // The same provider in another place of the same config is another target: its breaker is closed.
        var reordered = $$"""
            {"cb_config":{"failure_threshold":2,"cooldown_interval":{{LongCooldownMs}},"failure_status_codes":[500]},
             "metadata":{"t":"{{nameof(Breaker_IsPerConfigAndTarget_OthersUsingTheSameProviderAreUnaffected)}}-two-places"},
             "strategy":{"mode":"fallback"},
             "targets":[{"provider":"@primary"},{"provider":"@primary"},{"provider":"@secondary"}]}
            """;
        Primary.Reset();
        Primary.EnqueueFault(FakeFault.Status(500, "boom", "server_error"));
        Primary.EnqueueFault(FakeFault.Status(500, "boom", "server_error"));
        await SendAsync(A, reordered); // targets[0] 500, targets[1] 500, secondary answers
        Primary.EnqueueFault(FakeFault.Status(500, "boom", "server_error"));
        await SendAsync(A, reordered); // targets[0] 500 (opens it), targets[1] answers (closes its own count)
        Primary.Reset();
        var (twoPlaces, twoPlacesTrace) = await SendAsync(B, reordered);
        Assert.Equal("from primary", await ContentAsync(twoPlaces));
        Assert.Equal("config.targets[1]", Header(twoPlaces, "x-portkey-last-used-option-index"));
        Assert.Equal(["circuit_open", null], (await UsageAsync(B, twoPlacesTrace)).Attempts.Select(a => a.ErrorType));
    }

    [Fact]
    public async Task Breaker_OpenOnTheOnlyTarget_Answers503CircuitOpen_WithoutCallingIt()
    {
        var config = $$"""
            {"cb_config":{"failure_threshold":2,"cooldown_interval":{{LongCooldownMs}},"failure_status_codes":[500]},
             "metadata":{"t":"{{nameof(Breaker_OpenOnTheOnlyTarget_Answers503CircuitOpen_WithoutCallingIt)}}"},
             "provider":"@primary"}
            """;
        Primary.EnqueueFault(FakeFault.Status(500, "boom", "server_error"));
        Primary.EnqueueFault(FakeFault.Status(500, "boom", "server_error"));
        for (var i = 0; i < 2; i++)
        {
            var (failed, _) = await SendAsync(A, config);
            await AssertErrorAsync(failed, HttpStatusCode.InternalServerError);
        }

        Primary.Reset();
        var (response, traceId) = await SendAsync(B, config);

        var error = await AssertErrorAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("circuit_open", error.GetProperty("code").GetString());
        Assert.DoesNotContain("sk-primary", error.GetProperty("message").GetString());
        Assert.Empty(Primary.Requests);
        var usage = await UsageAsync(B, traceId);
        Assert.Equal(503, usage.Status);
        Assert.Equal(("config", "circuit_open"), (Assert.Single(usage.Attempts).OptionIndex, usage.Attempts[0].ErrorType));
    }

    [Fact]
    public async Task Retry_StopsCallingATargetOnceItsBreakerOpens_AndFallsBack()
    {
        // Threshold 2, three retries: the second failure opens the breaker, so the target must be skipped from then on —
        // not called twice more by the retries of the very request that opened it.
        var config = $$"""
            {"retry":{"attempts":3,"on_status_codes":[500]},
             "cb_config":{"failure_threshold":2,"cooldown_interval":{{LongCooldownMs}},"failure_status_codes":[500]},
             "metadata":{"t":"{{nameof(Retry_StopsCallingATargetOnceItsBreakerOpens_AndFallsBack)}}"},
             "strategy":{"mode":"fallback"},
             "targets":[{"provider":"@primary"},{"provider":"@secondary"}]}
            """;
        for (var i = 0; i < 4; i++)
        {
            Primary.EnqueueFault(FakeFault.Status(500, "boom", "server_error"));
        }

        var (response, _) = await SendAsync(A, config);

        Assert.Equal("from secondary", await ContentAsync(response));
        Assert.Equal(2, Primary.Requests.Count);
    }

    /// <summary>A fallback primary → secondary with a breaker on each target (failure threshold 2, failures are 500s).</summary>
    private static string Fallback(string test, int cooldownMs) => $$"""
        {"cb_config":{"failure_threshold":2,"cooldown_interval":{{cooldownMs}},"failure_status_codes":[500]},
         "metadata":{"t":"{{test}}"},
         "strategy":{"mode":"fallback"},
         "targets":[{"provider":"@primary"},{"provider":"@secondary"}]}
        """;

    /// <summary>
    /// Two 500s from primary through <paramref name="replica"/>: the breaker of <c>config.targets[0]</c> opens. Only fast
    /// checks here: a usage event appears only after its publish has timed out, too slow inside a 1 s cooldown.
    /// </summary>
    private async Task OpenThroughAsync(DataPlaneFactory replica, string config)
    {
        Primary.EnqueueFault(FakeFault.Status(500, "boom", "server_error"));
        Primary.EnqueueFault(FakeFault.Status(500, "boom", "server_error"));
        for (var i = 0; i < 2; i++)
        {
            var (response, _) = await SendAsync(replica, config);
            Assert.Equal("from secondary", await ContentAsync(response));
        }

        Assert.Equal(2, Primary.Requests.Count);
    }

    private static async Task<(HttpResponseMessage Response, string TraceId)> SendAsync(DataPlaneFactory replica, string config)
    {
        var traceId = "trace-" + Guid.NewGuid().ToString("N");
        using var client = replica.CreateClient();
        var response = await client.SendAsync(
            Chat(Body("gpt-4o"), TestSnapshot.CompletionKey, ("x-portkey-trace-id", traceId), ("x-portkey-config", config)), Ct);
        return (response, traceId);
    }

    private static async Task<string> ContentAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
    }

    /// <summary>The usage event a replica holds for a trace id (RabbitMQ is unreachable: every event stays in hand).</summary>
    private static async Task<UsageEvent> UsageAsync(DataPlaneFactory replica, string traceId)
    {
        var publisher = replica.Services.GetRequiredService<UsagePublisher>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(Bounded);
        while (true)
        {
            if (publisher.Unpublished.FirstOrDefault(e => e.TraceId == traceId) is { } found)
            {
                return found;
            }

            await Task.Delay(20, deadline.Token);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(Bounded);
        while (!condition())
        {
            await Task.Delay(10, deadline.Token);
        }
    }
}
