namespace Contracts.Snapshots;

/// <summary>Where snapshots live in Redis and how changes are announced.</summary>
public static class SnapshotChannel
{
    /// <summary>String key holding the current snapshot as JSON (<see cref="Json.ContractJson"/>).</summary>
    public const string SnapshotKey = "gateway:snapshot";
    /// <summary>String key holding the current snapshot's version; cheap to poll.</summary>
    public const string VersionKey = "gateway:snapshot:version";
    /// <summary>Pub/sub channel; the message is the new version number.</summary>
    public const string Changed = "gateway:snapshot:changed";
}
