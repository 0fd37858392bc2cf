namespace Contracts.Usage;

/// <summary>
/// Many events in one broker message: per-message broker overhead dominates at high request rates.
/// </summary>
public sealed record UsageEventBatch(IReadOnlyList<UsageEvent> Events);
