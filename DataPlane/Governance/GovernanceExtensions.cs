using DataPlane.Governance.Redis;

namespace DataPlane.Governance;

internal static class GovernanceExtensions
{
    /// <summary>Budgets and rate limits: the Redis stores (with their guard and local fallback) and the gate requests pass.</summary>
    public static IHostApplicationBuilder AddGovernance(this IHostApplicationBuilder builder)
    {
        builder.AddGovernanceStores();
        builder.Services.AddSingleton<GovernanceGate>();
        return builder;
    }
}
