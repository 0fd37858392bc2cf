using DataPlane.Errors;
using DataPlane.Providers;
using DataPlane.Routing;
using DataPlane.Routing.Plans;
using DataPlane.Routing.Resilience;
using Microsoft.Extensions.Time.Testing;

namespace DataPlane.Tests.Routing.Resilience;

/// <summary>The retry pipeline on a fake clock: how long it waits, and when it stops.</summary>
public sealed class RetryPipelinesTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static GatewayError Failure(int status = 500, TimeSpan? retryDelay = null) =>
        new(status, ErrorTypes.Server, "boom") { RetryDelay = retryDelay };

    [Fact]
    public async Task Backoff_IsExponentialWithJitter()
    {
        var options = new RoutingOptions { RetryBaseDelayMs = 1000, RetryMaxDelayMs = 30_000 };
        var delays = new List<double[]>();
        for (var run = 0; run < 30; run++)
        {
            var time = new FakeTimeProvider();
            var pipeline = RetryPipelines.Build(new RetryPolicy(4, RetryPolicy.DefaultStatusCodes, false), options, time)!;
            var stamps = await RunAsync(pipeline, time, () => Failure());
            Assert.Equal(5, stamps.Count);
            delays.Add([.. stamps.Zip(stamps.Skip(1), (a, b) => (b - a).TotalMilliseconds)]);
        }

        // Polly's decorrelated jitter: the median grows exponentially, each delay scattered around it.
        var mean = Enumerable.Range(0, 4).Select(i => delays.Average(d => d[i])).ToArray();
        TestContext.Current.TestOutputHelper!.WriteLine(string.Join(", ", mean));
        Assert.InRange(mean[0], 400, 2000);
        Assert.InRange(mean[3] / mean[0], 2.5, 16);
        Assert.All(delays, d => Assert.All(d, ms => Assert.InRange(ms, 0, 30_000 + Step.TotalMilliseconds)));
        // Jitter: twenty runs do not wait the same first delay.
        Assert.True(delays.Select(d => d[0]).Distinct().Count() > 3);
    }

    [Fact]
    public async Task RetryAfter_WhenHonoured_WaitsExactlyWhatTheUpstreamAsked()
    {
        var time = new FakeTimeProvider();
        var pipeline = RetryPipelines.Build(new RetryPolicy(1, RetryPolicy.DefaultStatusCodes, true), new RoutingOptions(), time)!;
        var stamps = await RunAsync(pipeline, time, () => Failure(429, TimeSpan.FromSeconds(30)));

        Assert.Equal(2, stamps.Count);
        Assert.InRange((stamps[1] - stamps[0]).TotalMilliseconds, 30_000, 30_000 + Step.TotalMilliseconds);
    }

    [Fact]
    public async Task RetryAfter_LongerThanTheCap_EndsTheRetries()
    {
        var time = new FakeTimeProvider();
        var pipeline = RetryPipelines.Build(new RetryPolicy(3, RetryPolicy.DefaultStatusCodes, true), new RoutingOptions { MaxRetryAfterMs = 60_000 }, time)!;
        var stamps = await RunAsync(pipeline, time, () => Failure(429, TimeSpan.FromSeconds(120)));

        Assert.Single(stamps);
    }

    [Fact]
    public async Task RetryAfter_WhenNotHonoured_UsesTheBackoff()
    {
        var time = new FakeTimeProvider();
        var pipeline = RetryPipelines.Build(new RetryPolicy(1, RetryPolicy.DefaultStatusCodes, false), new RoutingOptions { RetryBaseDelayMs = 100 }, time)!;
        var stamps = await RunAsync(pipeline, time, () => Failure(429, TimeSpan.FromSeconds(30)));

        Assert.Equal(2, stamps.Count);
        Assert.True(stamps[1] - stamps[0] < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void NoAttempts_NoPipeline() =>
        Assert.Null(RetryPipelines.Build(new RetryPolicy(0, RetryPolicy.DefaultStatusCodes, false), new RoutingOptions(), TimeProvider.System));

    /// <summary>Runs the pipeline over an always-failing call, moving the fake clock in small steps; returns when each try began.</summary>
    private static async Task<List<DateTimeOffset>> RunAsync(Polly.ResiliencePipeline<ProviderResult> pipeline, FakeTimeProvider time, Func<GatewayError> failure)
    {
        var stamps = new List<DateTimeOffset>();
        using var tried = new SemaphoreSlim(0);
        var run = pipeline.ExecuteAsync(_ =>
        {
            lock (stamps)
            {
                stamps.Add(time.GetUtcNow());
            }

            tried.Release();
            return ValueTask.FromResult<ProviderResult>(failure());
        }, Ct).AsTask();

        await tried.WaitAsync(Ct);
        while (!run.IsCompleted)
        {
            time.Advance(Step);
            // A due timer runs its retry at once; give it a moment to report before moving the clock again.
            await tried.WaitAsync(TimeSpan.FromMilliseconds(3), Ct);
        }

        await run;
        return stamps;
    }
}
