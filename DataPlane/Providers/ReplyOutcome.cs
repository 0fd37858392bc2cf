namespace DataPlane.Providers;

/// <summary>How writing a provider's answer went, for the usage event.</summary>
/// <param name="Status">The status to record: what the client got, or 499 when it went away.</param>
/// <param name="ErrorType">Null when all went well; else e.g. <see cref="Errors.StreamErrorTypes"/>.</param>
internal readonly record struct ReplyOutcome(int Status, UsageReport Usage, string? ErrorType = null);
