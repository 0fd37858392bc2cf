using System.ComponentModel.DataAnnotations;

namespace DataPlane.Hosting;

/// <summary>The <c>Gateway</c> configuration section as the data plane reads it.</summary>
internal sealed class GatewayOptions : IValidatableObject
{
    public const string SectionName = "Gateway";

    /// <summary>Base64 of 32 bytes, shared with the control plane; decrypts provider secrets.</summary>
    [Required]
    public string SecretKey { get; set; } = "";

    /// <summary>Where the last good snapshot is kept so a restart can serve without Redis.</summary>
    public string? SnapshotCachePath { get; set; }

    [Range(1, long.MaxValue)]
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;

    [Range(1, int.MaxValue)]
    public int UsageQueueCapacity { get; set; } = 100_000;

    [Range(1, 10_000)]
    public int UsageBatchSize { get; set; } = 500;

    [Range(1, 60_000)]
    public int UsageBatchDelayMs { get; set; } = 50;

    /// <summary>How long one publish attempt may wait for the broker before the batch is retried.</summary>
    [Range(100, 300_000)]
    public int UsagePublishTimeoutMs { get; set; } = 10_000;

    /// <summary>Directory of the usage journal, where batches wait while the broker is away; default: <c>usage-journal</c> beside the snapshot cache.</summary>
    public string? UsageJournalPath { get; set; }

    /// <summary>Disk the usage journal may use; past it, events the broker cannot take are dropped (counted and logged).</summary>
    [Range(64 * 1024, long.MaxValue)]
    public long UsageJournalMaxBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// Run request continuations on the socket's own thread instead of handing them to the thread pool
    /// (Kestrel's <c>UnsafePreferInlineScheduling</c>; pair with DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1).
    /// Saves a thread switch per read; safe only because nothing on the request path blocks.
    /// </summary>
    public bool InlineScheduling { get; set; } = true;

    public string ResolveSnapshotCachePath()
    {
        if (!string.IsNullOrWhiteSpace(SnapshotCachePath))
        {
            return SnapshotCachePath;
        }

        var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        if (string.IsNullOrEmpty(root))
        {
            root = Path.GetTempPath();
        }

        return Path.Combine(root, "portkey-gateway", "snapshot.json");
    }

    public string ResolveUsageJournalPath() =>
        string.IsNullOrWhiteSpace(UsageJournalPath)
            ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(ResolveSnapshotCachePath())) ?? Path.GetTempPath(), "usage-journal")
            : UsageJournalPath;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        Span<byte> key = stackalloc byte[64];
        if (!Convert.TryFromBase64String(SecretKey ?? "", key, out var written) || written != 32)
        {
            yield return new ValidationResult("Gateway:SecretKey must be base64 of 32 bytes.", [nameof(SecretKey)]);
        }
    }
}
