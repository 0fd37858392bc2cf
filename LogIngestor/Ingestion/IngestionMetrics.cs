using System.Diagnostics.Metrics;

namespace LogIngestor.Ingestion;

/// <summary>Meter <c>Gateway.LogIngestor</c>: what happened to each consumed usage event.</summary>
internal sealed class IngestionMetrics
{
    public const string MeterName = "Gateway.LogIngestor";

    private readonly Counter<long> _written;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _rejected;

    public IngestionMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _written = meter.CreateCounter<long>("gateway.log_ingestor.events_written", "{event}", "Usage events stored in request_logs.");
        _duplicates = meter.CreateCounter<long>("gateway.log_ingestor.events_duplicate", "{event}", "Usage events skipped because they were already stored.");
        _rejected = meter.CreateCounter<long>("gateway.log_ingestor.events_rejected", "{event}", "Usage events refused as invalid.");
    }

    public void Record(WriteResult result)
    {
        if (result.Written > 0)
        {
            _written.Add(result.Written);
        }

        if (result.Duplicates > 0)
        {
            _duplicates.Add(result.Duplicates);
        }

        if (result.Rejected > 0)
        {
            _rejected.Add(result.Rejected);
        }
    }
}
