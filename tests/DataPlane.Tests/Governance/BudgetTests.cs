using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contracts.Limits;

namespace DataPlane.Tests.Governance;

/// <summary>Budgets (<c>usage_limits</c>) reserved before the upstream call, settled after it, across two replicas.</summary>
[Collection(GovernanceCollection.Name)]
public sealed class BudgetTests(GovernanceFixture fixture)
{
    private const long NanoUsd = 1_000_000_000;
    private const long Estimate = 50_000_000; // $0.05

    [Fact]
    public async Task HundredConcurrentRequests_WithOneDollarLeft_AdmitAtMostTwenty_AndSpendStaysWithinIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = GovernanceFixture.EntryOf(GovernanceFixture.OneDollarKey);
        HttpClient[] clients = [fixture.ReplicaA.CreateClient(), fixture.ReplicaB.CreateClient()];

        // Every answer uses its whole max_tokens (actual = estimate), so no settlement frees budget for a later request,
        // however the 100 interleave; the slow upstream keeps them all in flight at once.
        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            using var request = GovernanceFixture.Chat(GovernanceFixture.OneDollarKey, $"@slow/{GovernanceFixture.PricedModel}");
            using var response = await clients[i % 2].SendAsync(request, ct);
            return (response.StatusCode, Error: response.IsSuccessStatusCode ? default : await GovernanceFixture.ErrorOf(response, ct));
        }));

        Assert.Equal(20, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
        Assert.Equal(80, refused.Count);
        Assert.All(refused, r =>
        {
            Assert.Equal(HttpStatusCode.PreconditionFailed, r.StatusCode);
            Assert.Equal("budget_exhausted", r.Error.GetProperty("code").GetString());
            Assert.Equal("insufficient_quota", r.Error.GetProperty("type").GetString());
            Assert.Contains("API key 'one-dollar'", r.Error.GetProperty("message").GetString());
        });

        // Settled in the background: nothing stays reserved, and the spend is the 20 answers' actual cost — each used
        // all of its max_tokens, so exactly the budget.
        var budget = await WaitForAsync(() => fixture.ReadBudgetAsync(LimitScope.ApiKey, key.Id), b => b.Reserved == 0, ct);
        Assert.True(budget.Refused);
        Assert.Equal(NanoUsd, budget.Spent);
    }

    [Fact]
    public async Task AbortedStreams_ReleaseTheirReservations_AndBillWhatWasStreamed()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = GovernanceFixture.EntryOf(GovernanceFixture.StreamKey);
        var client = fixture.ReplicaA.CreateClient();
        for (var i = 0; i < 50; i++)
        {
            fixture.Fast.EnqueueFault(TestKit.FakeProviders.FakeFault.SilentAfter(3));
        }

        await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var request = GovernanceFixture.Chat(GovernanceFixture.StreamKey, $"@fast/{GovernanceFixture.PricedModel}", stream: true);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var stream = await response.Content.ReadAsStreamAsync(cancel.Token);
            var buffer = new byte[256];
            Assert.True(await stream.ReadAsync(buffer, cancel.Token) > 0); // the first chunks arrived
            await cancel.CancelAsync(); // and the client hangs up
        }));

        var budget = await WaitForAsync(() => fixture.ReadBudgetAsync(LimitScope.ApiKey, key.Id), b => b.Reserved == 0, ct);
        // Each stream is billed what it produced before the hang-up — far less than its $0.05 reservation.
        Assert.InRange(budget.Spent, 1, 50 * Estimate / 10);
        Assert.False(budget.Refused);
        var reservations = await fixture.Db.SortedSetLengthAsync(GovernanceKeys.Reservations(GovernanceKeys.Budget(LimitScope.ApiKey, key.Id, BudgetPeriod.Forever)));
        Assert.Equal(0, reservations);
    }

    [Fact]
    public async Task AlertThreshold_FiresOnceAcrossReplicas()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = GovernanceFixture.EntryOf(GovernanceFixture.AlertKey);
        HttpClient[] clients = [fixture.ReplicaA.CreateClient(), fixture.ReplicaB.CreateClient()];
        for (var i = 0; i < 6; i++)
        {
            using var request = GovernanceFixture.Chat(GovernanceFixture.AlertKey, $"@fast/{GovernanceFixture.PricedModel}");
            using var response = await clients[i % 2].SendAsync(request, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Each answer costs more than nothing; six of them pass the $0.0005 threshold.
        await WaitForAsync(() => fixture.ReadBudgetAsync(LimitScope.ApiKey, key.Id), b => b.Reserved == 0 && b.Spent >= 500_000, ct);
        var alerts = (await fixture.Db.StreamRangeAsync(GovernanceKeys.AlertStream))
            .Where(e => e["id"] == key.Id.ToString("D")).ToList();
        var alert = Assert.Single(alerts);
        Assert.Equal("threshold", (string?)alert["kind"]);
        Assert.Equal(LimitScope.ApiKey, (string?)alert["scope"]);
        Assert.Equal(BudgetPeriod.Forever, (string?)alert["period"]);
    }

    [Fact]
    public async Task WorkspaceBudget_Exhausted_RefusesWith412NamingTheWorkspace()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = fixture.ReplicaB.CreateClient();
        // A 50-token workspace budget cannot take a request that may use 1000 output tokens.
        using var request = GovernanceFixture.Chat(GovernanceFixture.WorkspaceKey, $"@fast/{GovernanceFixture.PricedModel}");
        using var response = await client.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Contains("workspace 'limited'", (await GovernanceFixture.ErrorOf(response, ct)).GetProperty("message").GetString());
        Assert.True((await fixture.ReadBudgetAsync(LimitScope.Workspace, GovernanceFixture.LimitedWorkspace)).Refused);
    }

    [Fact]
    public async Task ExhaustedOrDisabledProvider_IsRefused_AndAFallbackMovesOn()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = fixture.ReplicaA.CreateClient();

        using (var direct = GovernanceFixture.Chat(GovernanceFixture.FallbackKey, $"@broke/{GovernanceFixture.PricedModel}"))
        using (var response = await client.SendAsync(direct, ct))
        {
            Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
            Assert.Contains("provider 'broke'", (await GovernanceFixture.ErrorOf(response, ct)).GetProperty("message").GetString());
        }

        using (var direct = GovernanceFixture.Chat(GovernanceFixture.FallbackKey, $"@off/{GovernanceFixture.PricedModel}"))
        using (var response = await client.SendAsync(direct, ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("provider_disabled", (await GovernanceFixture.ErrorOf(response, ct)).GetProperty("code").GetString());
        }

        const string Config = """{"strategy":{"mode":"fallback"},"targets":[{"provider":"@broke"},{"provider":"@off"},{"provider":"@fast"}]}""";
        using var routed = GovernanceFixture.Chat(GovernanceFixture.FallbackKey, GovernanceFixture.PricedModel, config: Config);
        using var answer = await client.SendAsync(routed, ct);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("fast", answer.Headers.GetValues("x-portkey-provider").Single());
        Assert.Equal("config.targets[2]", answer.Headers.GetValues("x-portkey-last-used-option-index").Single());
    }

    /// <summary>Polls until <paramref name="done"/> (settlement runs in the background); fails with the last value after 30 s.</summary>
    internal static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done, CancellationToken cancellationToken)
    {
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), $"still {value} after 30 s");
            await Task.Delay(50, cancellationToken);
        }
    }
}
