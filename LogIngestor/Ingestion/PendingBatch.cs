using Contracts.Usage;

namespace LogIngestor.Ingestion;

/// <summary>One broker message's events waiting for a writer, and the consumer waiting for them to be stored.</summary>
internal sealed class PendingBatch(IReadOnlyList<UsageEvent?> events)
{
    public IReadOnlyList<UsageEvent?> Events { get; } = events;

    public TaskCompletionSource Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
