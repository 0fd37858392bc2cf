using System.ComponentModel.DataAnnotations;

namespace LogIngestor.Ingestion;

/// <summary>Configuration section <c>Ingestion</c>: how hard the consumer pulls.</summary>
internal sealed class IngestionOptions
{
    public const string SectionName = "Ingestion";

    /// <summary>Messages RabbitMQ hands over ahead of time; each is a batch of many events.</summary>
    [Range(1, 1000)]
    public int PrefetchCount { get; set; } = 64;

    /// <summary>Messages consumed at once: they wait together for a writer, which stores them in one transaction.</summary>
    [Range(1, 256)]
    public int ConcurrentMessageLimit { get; set; } = 32;

    /// <summary>Transactions written at once; each holds one database connection while it writes.</summary>
    [Range(1, 16)]
    public int Writers { get; set; } = 2;

    /// <summary>How many events one transaction takes from the waiting messages (it takes at least one message).</summary>
    [Range(1, 100_000)]
    public int MaxEventsPerTransaction { get; set; } = 10_000;
}
