namespace LogIngestor.Ingestion;

/// <summary>What one batch did: rows stored, events already stored (or repeated in the batch), events refused as invalid.</summary>
internal readonly record struct WriteResult(int Written, int Duplicates, int Rejected);
