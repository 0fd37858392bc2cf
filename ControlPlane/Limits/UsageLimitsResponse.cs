using System.Text.Json.Serialization;
using Contracts.Limits;
using ControlPlane.Governance;

namespace ControlPlane.Limits;

/// <summary><c>usage_limits</c> as reads show it: the configured budget plus the current period's usage.</summary>
internal sealed record UsageLimitsResponse
{
    public required string Type { get; init; }
    public required decimal CreditLimit { get; init; }
    public decimal? AlertThreshold { get; init; }
    public string? PeriodicReset { get; init; }
    /// <summary>Spent in the current period; null while Redis cannot be read.</summary>
    public decimal? CurrentUsage { get; init; }
    /// <summary><c>active</c> or <c>exhausted</c>; absent while Redis cannot be read.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Status { get; init; }

    public static UsageLimitsResponse? From(UsageLimits? limits, BudgetState? state)
    {
        if (limits is null)
        {
            return null;
        }

        var type = limits.Type ?? "cost";
        var creditLimit = limits.CreditLimit ?? 0;
        return new UsageLimitsResponse
        {
            Type = type,
            CreditLimit = creditLimit,
            AlertThreshold = limits.AlertThreshold,
            PeriodicReset = limits.PeriodicReset,
            CurrentUsage = state is null ? null : LimitUnits.ToValue(type, state.SpentUnits),
            Status = state is null ? null : state.IsExhausted(LimitUnits.From(type, creditLimit)) ? "exhausted" : "active",
        };
    }
}
