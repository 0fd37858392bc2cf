using Contracts.Usage;
using MassTransit;

namespace LogIngestor.Ingestion;

/// <summary>
/// Hands a broker message's events to the <see cref="BatchCoalescer"/> and completes once they are stored. Invalid events
/// are skipped inside the writer; anything that throws (database away, a bug) is retried by the endpoint's policy, then
/// lands in <c>log-ingestor_error</c>.
/// </summary>
internal sealed class UsageEventBatchConsumer(BatchCoalescer writer) : IConsumer<UsageEventBatch>
{
    public async Task Consume(ConsumeContext<UsageEventBatch> context)
    {
        // A producer could send "events": null; the contract's non-nullable list doesn't stop the deserializer.
        var events = context.Message.Events ?? [];
        await writer.WriteAsync(events, context.CancellationToken);
    }
}
