using System.Collections.Frozen;
using Contracts.Snapshots;

namespace DataPlane.Snapshots;

/// <summary>A key entry with what each request needs precomputed.</summary>
internal sealed class RuntimeApiKey
{
    /// <param name="workspaceLogsBodies">The key's workspace logs bodies (the key's own <c>log_bodies</c> wins).</param>
    public RuntimeApiKey(ApiKeyEntry entry, bool workspaceLogsBodies = false)
    {
        LogBodies = entry.Defaults?.LogBodies ?? workspaceLogsBodies;
        Entry = entry;
        Scopes = entry.Scopes.ToFrozenSet(StringComparer.Ordinal);
        IsOrganisation = string.Equals(entry.Type, "organisation", StringComparison.OrdinalIgnoreCase);
        DefaultMetadata = entry.Defaults?.Metadata ?? FrozenDictionary<string, string>.Empty;
    }

    public ApiKeyEntry Entry { get; }
    public Guid Id => Entry.Id;
    public Guid? WorkspaceId => Entry.WorkspaceId;
    public FrozenSet<string> Scopes { get; }
    /// <summary>Organisation keys see every workspace's providers.</summary>
    public bool IsOrganisation { get; }
    public IReadOnlyDictionary<string, string> DefaultMetadata { get; }
    public DateTimeOffset? ExpiresAt => Entry.ExpiresAt;

    /// <summary>The config a request runs when it names none (<c>defaults.config_id</c>).</summary>
    public string? DefaultConfigId => Entry.Defaults?.ConfigId;

    /// <summary>Request and response bodies go into the usage event (truncated).</summary>
    public bool LogBodies { get; }

    /// <summary>False: a config in <c>x-portkey-config</c> is refused (403).</summary>
    public bool AllowConfigOverride => Entry.Defaults?.AllowConfigOverride ?? true;
}
