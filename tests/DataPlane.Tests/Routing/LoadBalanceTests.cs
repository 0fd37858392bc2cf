using System.Net;

namespace DataPlane.Tests.Routing;

public sealed class LoadBalanceTests(RoutingFixture fixture) : RoutingTestBase(fixture), IClassFixture<RoutingFixture>
{
    /// <summary>How many of <paramref name="requests"/> requests each provider answered (by <c>x-portkey-provider</c>).</summary>
    private async Task<Dictionary<string, int>> CountProvidersAsync(string config, int requests)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < requests; i++)
        {
            var (response, _) = await SendAsync(config);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var provider = Header(response, "x-portkey-provider");
            counts[provider] = counts.GetValueOrDefault(provider) + 1;
            response.Dispose();
        }

        return counts;
    }

    /// <summary>
    /// Asserts <paramref name="observed"/> of <paramref name="n"/> draws is within 5 standard deviations of a binomial with
    /// probability <paramref name="p"/>: a correct implementation fails this about once in 1.7 million runs.
    /// </summary>
    private static void AssertBinomial(int observed, int n, double p)
    {
        var mean = n * p;
        var sigma = Math.Sqrt(n * p * (1 - p));
        Assert.InRange(observed, mean - (5 * sigma), mean + (5 * sigma));
    }

    [Fact]
    public async Task LoadBalance_Weights3To1_SplitsWithinStatisticalTolerance()
    {
        const int requests = 400;
        var counts = await CountProvidersAsync("""
            {"strategy":{"mode":"loadbalance"},"targets":[{"provider":"@mock-x","weight":3},{"provider":"@mock-y","weight":1}]}
            """, requests);

        Assert.Equal(requests, counts.GetValueOrDefault("mock-x") + counts.GetValueOrDefault("mock-y"));
        // Expected 300 ± 43 (5σ, σ ≈ 8.7): far from an even split (200) or a single target (400).
        AssertBinomial(counts.GetValueOrDefault("mock-x"), requests, 0.75);
    }

    [Fact]
    public async Task LoadBalance_FractionalWeights_AreProportions()
    {
        const int requests = 400;
        var counts = await CountProvidersAsync("""
            {"strategy":{"mode":"loadbalance"},"targets":[{"provider":"@mock-x","weight":0.2},{"provider":"@mock-y","weight":0.8}]}
            """, requests);

        AssertBinomial(counts.GetValueOrDefault("mock-x"), requests, 0.2);
    }

    [Fact]
    public async Task LoadBalance_WeightZero_IsNeverChosen()
    {
        var counts = await CountProvidersAsync("""
            {"strategy":{"mode":"loadbalance"},"targets":[
              {"provider":"@mock-x","weight":0},{"provider":"@mock-y","weight":1},{"provider":"@primary","weight":0}]}
            """, 150);

        Assert.Equal(150, counts.GetValueOrDefault("mock-y"));
        Assert.Single(counts);
        Assert.Empty(Primary.Requests);
    }

    [Fact]
    public async Task LoadBalance_WeightAbsent_CountsAsOne()
    {
        const int requests = 400;
        var counts = await CountProvidersAsync("""
            {"strategy":{"mode":"loadbalance"},"targets":[{"provider":"@mock-x"},{"provider":"@mock-y","weight":3}]}
            """, requests);

        // 1 : 3 → 100 ± 43; an absent weight taken as 0 would give 0, taken as equal to the other's would give 200.
        AssertBinomial(counts.GetValueOrDefault("mock-x"), requests, 0.25);
    }

    [Fact]
    public async Task LoadBalance_ReportsTheChosenTargetsOptionIndex()
    {
        const string config = """
            {"strategy":{"mode":"loadbalance"},"targets":[{"provider":"@mock-x"},{"provider":"@mock-y"}]}
            """;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 60; i++)
        {
            var (response, _) = await SendAsync(config);
            var provider = Header(response, "x-portkey-provider");
            var index = Header(response, "x-portkey-last-used-option-index");
            Assert.Equal(provider == "mock-x" ? "config.targets[0]" : "config.targets[1]", index);
            seen.Add(index);
        }

        // Both are drawn (a miss has probability 2 · 0.5^60).
        Assert.Equal(2, seen.Count);
    }

    [Fact]
    public async Task LoadBalance_NestedInsideFallback_BalancesTheFallbackTraffic()
    {
        const string config = """
            {"strategy":{"mode":"fallback"},"targets":[
              {"provider":"@dead"},
              {"strategy":{"mode":"loadbalance"},"targets":[{"provider":"@mock-x","weight":1},{"provider":"@mock-y","weight":1}]}]}
            """;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 40; i++)
        {
            // Usage events are not read here: this class sends more requests than the publisher holds in hand.
            var (response, _) = await SendAsync(config);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var provider = Header(response, "x-portkey-provider");
            Assert.Equal(
                provider == "mock-x" ? "config.targets[1].targets[0]" : "config.targets[1].targets[1]",
                Header(response, "x-portkey-last-used-option-index"));
            seen.Add(provider);
        }

        Assert.Equal(["mock-x", "mock-y"], seen.Order());
    }

    [Fact]
    public async Task LoadBalance_ChosenTargetFails_FallsBackWhenNestedInFallback()
    {
        // The balancer picks one target per request; the outer fallback covers a failure of whichever it picked.
        const string config = """
            {"strategy":{"mode":"fallback"},"targets":[
              {"strategy":{"mode":"loadbalance"},"targets":[{"provider":"@dead","weight":1},{"provider":"@dead","weight":1}]},
              {"provider":"@mock-x"}]}
            """;
        var (response, _) = await SendAsync(config);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("mock-x", Header(response, "x-portkey-provider"));
        Assert.Equal("config.targets[1]", Header(response, "x-portkey-last-used-option-index"));
    }
}
