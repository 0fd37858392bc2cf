namespace ControlPlane.Governance;

/// <summary>Log lines of budgets, alerts and reconciliation (ids 100+). Never a key, a webhook secret or a signature.</summary>
internal static partial class GovernanceLog
{
    [LoggerMessage(100, LogLevel.Warning, "Reading budget counters from Redis failed; usage is shown as unknown")]
    public static partial void BudgetReadFailed(ILogger logger, Exception exception);

    [LoggerMessage(101, LogLevel.Information, "Budget of {Scope} {Id} reset for period {Period}")]
    public static partial void BudgetReset(ILogger logger, string scope, Guid id, string period);

    [LoggerMessage(102, LogLevel.Warning, "Handling budget alert {EntryId} failed; it stays pending and is retried")]
    public static partial void AlertFailed(ILogger logger, string entryId, Exception exception);

    [LoggerMessage(103, LogLevel.Warning, "Budget alert {EntryId}: webhook delivery failed after retries; the audit entry is the record")]
    public static partial void WebhookFailed(ILogger logger, string entryId, Exception? exception);

    [LoggerMessage(104, LogLevel.Information, "Budget alert {EntryId} ({Type}) handled for {Scope} {Id}")]
    public static partial void AlertHandled(ILogger logger, string entryId, string type, string scope, string id);

    [LoggerMessage(105, LogLevel.Warning, "Budget alert {EntryId} is malformed or names an unknown object; acknowledged and skipped")]
    public static partial void AlertSkipped(ILogger logger, string entryId);

    [LoggerMessage(106, LogLevel.Warning, "The budget alert consumer failed; retrying")]
    public static partial void AlertLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(107, LogLevel.Warning, "Budget reconciliation failed; the next run retries")]
    public static partial void ReconcileFailed(ILogger logger, Exception exception);

    [LoggerMessage(108, LogLevel.Information, "Budget of {Scope} {Id} raised from {Counter} to {Analytics} units by reconciliation")]
    public static partial void BudgetCorrected(ILogger logger, string scope, Guid id, long counter, long analytics);
}
