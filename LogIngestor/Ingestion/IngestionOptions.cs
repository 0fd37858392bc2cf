using System.ComponentModel.DataAnnotations;

namespace LogIngestor.Ingestion;

/// <summary>Configuration section <c>Ingestion</c>: how hard the consumer pulls.</summary>
internal sealed class IngestionOptions
{
    public const string SectionName = "Ingestion";

    /// <summary>Messages RabbitMQ hands over ahead of time; each is a batch of many events.</summary>
    [Range(1, 1000)]
    public int PrefetchCount { get; set; } = 16;

    /// <summary>Batches written at once; each holds one database connection while it writes.</summary>
    [Range(1, 64)]
    public int ConcurrentMessageLimit { get; set; } = 4;
}
