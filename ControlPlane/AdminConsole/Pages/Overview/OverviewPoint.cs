namespace ControlPlane.AdminConsole.Pages.Overview;

/// <summary>One time bucket of every graph, merged for the charts (<see cref="Time"/> is UTC).</summary>
public sealed record OverviewPoint(
    DateTime Time,
    long Requests,
    double CostUsd,
    long PromptTokens,
    long CompletionTokens,
    long TotalTokens,
    long Errors,
    double P50Ms,
    double P95Ms);
