using DataPlane.Governance.Budgets;
using DataPlane.Governance.RateLimits;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DataPlane.Governance.Redis;

internal static class GovernanceStoreExtensions
{
    /// <summary>
    /// Registers the governance stores: <see cref="GovernanceRedis"/> (the guard), <see cref="BudgetLedger"/>, <see cref="RateLimiter"/>,
    /// <see cref="LocalRateLimits"/> and <see cref="ReplicaRegistry"/> (also a hosted service), with <see cref="GovernanceOptions"/>
    /// from <c>Gateway:Governance</c>. They use the <c>IConnectionMultiplexer</c> that <c>AddSnapshots()</c> registers and
    /// <see cref="TimeProvider"/> (the system clock unless one is registered already).
    /// </summary>
    public static IHostApplicationBuilder AddGovernanceStores(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GovernanceOptions>()
            .BindConfiguration(GovernanceOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.ReplicaTtlSeconds > o.ReplicaHeartbeatSeconds, "Gateway:Governance:ReplicaTtlSeconds must exceed ReplicaHeartbeatSeconds.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<GovernanceRedis>();
        builder.Services.AddSingleton<BudgetLedger>();
        builder.Services.AddSingleton<RateLimiter>();
        builder.Services.AddSingleton<LocalRateLimits>();
        builder.Services.AddSingleton<ReplicaRegistry>();
        builder.Services.AddHostedService(static services => services.GetRequiredService<ReplicaRegistry>());
        return builder;
    }
}
