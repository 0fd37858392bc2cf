using System.Globalization;
using StackExchange.Redis;

namespace ControlPlane.Governance;

/// <summary>One entry of <c>GovernanceKeys.AlertStream</c>, as the data plane wrote it.</summary>
internal sealed record BudgetAlert(string EntryId, string Kind, string Scope, Guid ObjectId, string Period, string Type, long Usage, long Limit, DateTimeOffset At)
{
    /// <summary><c>budget.threshold_reached</c> or <c>budget.exhausted</c>: the audit action and the webhook's <c>type</c>.</summary>
    public string EventType => Kind == "exhausted" ? "budget.exhausted" : "budget.threshold_reached";

    /// <summary>Start of the alert's period (its key segment is <c>yyyyMMdd</c>); null for a budget that never resets.</summary>
    public DateTimeOffset? PeriodStart =>
        DateTime.TryParseExact(Period, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var start)
            ? new DateTimeOffset(start, TimeSpan.Zero)
            : null;

    /// <summary>Null when the entry lacks a field or holds a value that cannot be read.</summary>
    public static BudgetAlert? TryParse(StreamEntry entry)
    {
        string? Field(string name) => entry[name] is { IsNull: false } value ? value.ToString() : null;

        if (Field("kind") is not ("threshold" or "exhausted") || Field("scope") is not { } scope
            || !Guid.TryParse(Field("id"), out var id)
            || !long.TryParse(Field("at"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var at))
        {
            return null;
        }

        return new BudgetAlert(
            entry.Id.ToString(), Field("kind")!, scope, id, Field("period") ?? "", Field("type") ?? "cost",
            ParseUnits(Field("usage")), ParseUnits(Field("limit")), DateTimeOffset.FromUnixTimeMilliseconds(at));
    }

    private static long ParseUnits(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var units) ? (long)units : 0;
}
