namespace LogIngestor.Rollups;

/// <summary>One row of <c>request_rollups</c>: its granularity (1 = minute, 60 = hour, 1440 = day), bucket start (UTC) and group.</summary>
internal readonly record struct RollupKey(short Granularity, DateTime Bucket, Guid? WorkspaceId, Guid? ApiKeyId, string? Provider, string? Model);
