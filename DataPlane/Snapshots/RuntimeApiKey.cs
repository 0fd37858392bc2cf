using System.Collections.Frozen;
using Contracts.Limits;
using Contracts.Snapshots;
using DataPlane.Governance;

namespace DataPlane.Snapshots;

/// <summary>A key entry with what each request needs precomputed.</summary>
internal sealed class RuntimeApiKey
{
    /// <param name="workspace">The key's workspace, whose settings apply where the key has none of its own.</param>
    public RuntimeApiKey(ApiKeyEntry entry, WorkspaceEntry? workspace = null)
    {
        LogBodies = entry.Defaults?.LogBodies ?? workspace?.LogBodies ?? false;
        FailClosed = workspace?.RedisFailurePolicy == "fail_closed";
        var keyLimits = LimitSubject.Create(LimitScope.ApiKey, entry.Id, entry.Name, entry.UsageLimits, entry.RateLimits);
        var workspaceLimits = workspace is null
            ? null
            : LimitSubject.Create(LimitScope.Workspace, workspace.Id, workspace.Slug, workspace.UsageLimits, workspace.RateLimits);
        Limits = [.. new[] { keyLimits, workspaceLimits }.OfType<LimitSubject>()];
        HasRateLimits = Limits.Any(l => l.RateLimits.Count > 0);
        HasTokenRateLimits = Limits.Any(l => l.HasTokenRateLimits);
        HasBudgets = Limits.Any(l => l.Budget is not null);
        Entry = entry;
        Scopes = entry.Scopes.ToFrozenSet(StringComparer.Ordinal);
        IsOrganisation = string.Equals(entry.Type, "organisation", StringComparison.OrdinalIgnoreCase);
        DefaultConfigId = entry.Defaults?.ConfigId ?? workspace?.DefaultConfigId;
        DefaultMetadata = MergeMetadata(workspace?.DefaultMetadata, entry.Defaults?.Metadata);
    }

    public ApiKeyEntry Entry { get; }
    public Guid Id => Entry.Id;
    public Guid? WorkspaceId => Entry.WorkspaceId;
    public FrozenSet<string> Scopes { get; }
    /// <summary>Organisation keys see every workspace's providers.</summary>
    public bool IsOrganisation { get; }
    /// <summary>The workspace's default metadata overlaid with the key's (the request's own is merged over both).</summary>
    public IReadOnlyDictionary<string, string> DefaultMetadata { get; }
    public DateTimeOffset? ExpiresAt => Entry.ExpiresAt;

    /// <summary>The config a request runs when it names none: the key's <c>defaults.config_id</c>, else its workspace's.</summary>
    public string? DefaultConfigId { get; }

    /// <summary>Request and response bodies go into the usage event (truncated).</summary>
    public bool LogBodies { get; }

    /// <summary>The key's own limits and its workspace's, in that order; empty for most keys.</summary>
    public LimitSubject[] Limits { get; }

    // What the governance gate asks of every request, answered once per snapshot.
    public bool HasRateLimits { get; }
    public bool HasTokenRateLimits { get; }
    public bool HasBudgets { get; }

    /// <summary>The workspace's <c>redis_failure_policy</c> is <c>fail_closed</c>: limited requests get 503 while Redis is away.</summary>
    public bool FailClosed { get; }

    private static IReadOnlyDictionary<string, string> MergeMetadata(
        IReadOnlyDictionary<string, string>? workspace, IReadOnlyDictionary<string, string>? key)
    {
        if (workspace is not { Count: > 0 })
        {
            return key ?? FrozenDictionary<string, string>.Empty;
        }

        var merged = new Dictionary<string, string>(workspace, StringComparer.Ordinal);
        foreach (var (name, value) in key ?? FrozenDictionary<string, string>.Empty)
        {
            merged[name] = value;
        }

        return merged.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>False: a config in <c>x-portkey-config</c> is refused (403).</summary>
    public bool AllowConfigOverride => Entry.Defaults?.AllowConfigOverride ?? true;
}
