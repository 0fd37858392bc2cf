using System.Diagnostics;
using System.Diagnostics.Metrics;
using Contracts.Pricing;
using Contracts.Security;
using Contracts.Snapshots;
using Contracts.Usage;
using DataPlane.Hosting;
using DataPlane.Inference;
using DataPlane.Providers;
using DataPlane.Snapshots;
using DataPlane.Telemetry;
using DataPlane.Usage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DataPlane.Tests.Pricing;

/// <summary>The cost and price-known flag of the usage event, from the provider kind, model and usage.</summary>
public sealed class InferenceExchangeCostTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly UsageQueue _queue;

    public InferenceExchangeCostTests() =>
        _queue = new UsageQueue(Options.Create(new GatewayOptions()), new UsageMetrics(_services.GetRequiredService<IMeterFactory>()),
            NullLogger<UsageQueue>.Instance, TimeProvider.System);

    public void Dispose() => _services.Dispose();

    private UsageEvent Complete(GatewaySnapshot source, string? providerSlug, string? model, UsageReport? usage, int status = 200)
    {
        var snapshot = RuntimeSnapshot.Build(source, new SecretProtector(TestSnapshot.SecretKey));
        var key = snapshot.KeysByHash[ApiKeyHasher.Hash(TestSnapshot.OrgKey)];
        var exchange = new InferenceExchange(
            _queue, new InferenceMetrics(_services.GetRequiredService<IMeterFactory>()), Governance.TestGovernance.Gate(_services.GetRequiredService<IMeterFactory>()),
            TimeProvider.System, Stopwatch.GetTimestamp(), "trace",
            InferenceOperation.ChatCompletions, key, snapshot.Prices)
        {
            Provider = providerSlug is null ? null : snapshot.ProvidersBySlug[providerSlug],
            Model = model,
        };
        exchange.Complete(status, null, usage);
        Assert.True(_queue.Reader.TryRead(out var usageEvent));
        return usageEvent;
    }

    [Fact]
    public void MockKind_IsKnownAndFree()
    {
        var usageEvent = Complete(TestSnapshot.Build(), "mock-shared", "gpt-4o-mini", new UsageReport(12, 7, 0, 1, null));
        Assert.Equal((0m, true), (usageEvent.CostUsd, usageEvent.PriceKnown));
    }

    [Fact]
    public void OpenAiKind_IsPricedFromTheCatalog_WithCachedTokensAtTheCachedPrice()
    {
        var usageEvent = Complete(TestSnapshot.Build(), "openai-prod", "gpt-4o-mini-2024-07-18", new UsageReport(1000, 500, 200, 5, null));
        // 800 × $0.15 + 200 × $0.075 + 500 × $0.60, per million.
        Assert.Equal((0.000435m, true), (usageEvent.CostUsd, usageEvent.PriceKnown));
        Assert.Equal((1000, 500, 200), (usageEvent.PromptTokens, usageEvent.CompletionTokens, usageEvent.CachedTokens));
    }

    [Fact]
    public void OpenAiKind_WithAnUnknownModel_IsPriceUnknown_NotFree()
    {
        var usageEvent = Complete(TestSnapshot.Build(), "openai-prod", "my-fine-tune", new UsageReport(1000, 500, 0, 5, null));
        Assert.Equal((0m, false), (usageEvent.CostUsd, usageEvent.PriceKnown));
    }

    [Fact]
    public void AdminOverride_InTheSnapshot_SetsTheCost()
    {
        var snapshot = TestSnapshot.Build() with { Prices = [new ModelPriceEntry("openai", "my-fine-tune", 3m, 12m)] };
        var usageEvent = Complete(snapshot, "openai-prod", "my-fine-tune", new UsageReport(1000, 500, 0, 5, null));
        Assert.Equal((0.009m, true), (usageEvent.CostUsd, usageEvent.PriceKnown));
    }

    [Fact]
    public void RequestThatNeverReachedAProvider_HasNoKnownPrice()
    {
        var usageEvent = Complete(TestSnapshot.Build(), providerSlug: null, "gpt-4o", usage: null, status: 404);
        Assert.Equal((0m, false), (usageEvent.CostUsd, usageEvent.PriceKnown));
    }

    [Fact]
    public void FailedUpstreamCall_WithoutUsage_CostsNothingAtAKnownPrice()
    {
        var usageEvent = Complete(TestSnapshot.Build(), "openai-prod", "gpt-4o", usage: null, status: 502);
        Assert.Equal((0m, true), (usageEvent.CostUsd, usageEvent.PriceKnown));
    }
}
