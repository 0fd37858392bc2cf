using System.Diagnostics.Metrics;

namespace ControlPlane.Governance;

/// <summary>Meter <c>Gateway.Governance</c> (exported by ServiceDefaults' <c>Gateway.*</c>): how far counters drift from analytics.</summary>
internal sealed class GovernanceMetrics
{
    public const string MeterName = "Gateway.Governance";

    private readonly Histogram<long> _drift;
    private readonly Counter<long> _corrections;

    public GovernanceMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _drift = meter.CreateHistogram<long>("gateway.budget.drift", unit: "{unit}",
            description: "Analytics spend minus the budget counter at reconciliation, in budget units (nano-USD or tokens).");
        _corrections = meter.CreateCounter<long>("gateway.budget.corrections", unit: "{correction}",
            description: "Budget counters raised to the analytics spend by reconciliation.");
    }

    public void RecordDrift(string scope, long units) => _drift.Record(units, new KeyValuePair<string, object?>("scope", scope));

    public void RecordCorrection(string scope) => _corrections.Add(1, new KeyValuePair<string, object?>("scope", scope));
}
