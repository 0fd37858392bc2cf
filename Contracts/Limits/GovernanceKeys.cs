namespace Contracts.Limits;

/// <summary>
/// The Redis layout of budgets, shared by the data plane (which reserves, settles and raises alerts) and the control
/// plane (which shows <c>current_usage</c>, resets and reconciles). Every key carries the <c>{gov}</c> hash tag, so one
/// script may touch several limits in a cluster too.
/// </summary>
public static class GovernanceKeys
{
    /// <summary>
    /// The budget counter of one limit in one period: a hash with the <c>Field…</c> fields below.
    /// <paramref name="scope"/> is a <see cref="LimitScope"/> value, <paramref name="period"/> a <see cref="BudgetPeriod.Segment"/>.
    /// </summary>
    public static string Budget(string scope, Guid id, string period) => $"{{gov}}:budget:{scope}:{id:D}:{period}";

    /// <summary>Live reservations of a budget counter: a sorted set, member = reservation id, score = expiry (Unix ms).</summary>
    public static string Reservations(string budgetKey) => budgetKey + ":res";

    /// <summary>Amounts of the live reservations: a hash, reservation id → units.</summary>
    public static string ReservationAmounts(string budgetKey) => budgetKey + ":amt";

    /// <summary>Settled usage in the period, in <see cref="LimitUnits"/>.</summary>
    public const string FieldSpent = "spent";

    /// <summary>Sum of the live reservations, in <see cref="LimitUnits"/>.</summary>
    public const string FieldReserved = "reserved";

    /// <summary>"1" once a request was refused for lack of budget in this period (the limit reads <c>exhausted</c>).</summary>
    public const string FieldRefused = "refused";

    /// <summary>"1" once the <c>alert_threshold</c> alert was raised this period.</summary>
    public const string FieldAlerted = "alerted";

    /// <summary>"1" once the exhaustion alert was raised this period.</summary>
    public const string FieldExhausted = "exhausted";

    /// <summary>Unix ms of the last manual reset within the period; reconciliation counts spend from there.</summary>
    public const string FieldResetAt = "reset_at";

    /// <summary>
    /// Budget alerts, a Redis stream the data plane appends to in the same script that crosses the threshold (so each
    /// fires once per period across replicas) and the control plane consumes (webhook + audit entry). Entry fields:
    /// <c>kind</c> (<c>threshold</c>|<c>exhausted</c>), <c>scope</c>, <c>id</c>, <c>period</c>, <c>type</c>
    /// (<c>cost</c>|<c>tokens</c>), <c>usage</c> and <c>limit</c> (units), <c>at</c> (Unix ms).
    /// </summary>
    public const string AlertStream = "{gov}:alerts";
}
