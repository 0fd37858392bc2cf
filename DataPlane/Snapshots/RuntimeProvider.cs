using System.Collections.Frozen;
using Contracts.Limits;
using Contracts.Snapshots;
using DataPlane.Governance;

namespace DataPlane.Snapshots;

/// <summary>A provider entry with its secrets decrypted, in memory only.</summary>
/// <param name="secretSettings">Decrypted <see cref="EncryptedSettings"/> of <c>configurations</c>, by their plain names.</param>
internal sealed class RuntimeProvider(ProviderEntry entry, string? apiKey, IReadOnlyDictionary<string, string>? secretSettings = null)
{
    public ProviderEntry Entry { get; } = entry;
    public string Slug => Entry.Slug;
    public string Kind => Entry.AiProvider;
    public Guid? WorkspaceId => Entry.WorkspaceId;

    /// <summary>The decrypted provider key; never logged, never returned.</summary>
    public string? ApiKey { get; } = apiKey;

    /// <summary>Empty means every model is allowed.</summary>
    public FrozenSet<string> Models { get; } = entry.Models.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The provider's own limits; null for most providers.</summary>
    public LimitSubject? Limits { get; } = LimitSubject.Create(LimitScope.Provider, entry.Id, entry.Slug, entry.UsageLimits, entry.RateLimits);

    public bool IsVisibleTo(RuntimeApiKey key) =>
        key.IsOrganisation || WorkspaceId is null || WorkspaceId == key.WorkspaceId;

    public bool Allows(string model) => Models.Count == 0 || Models.Contains(model);

    /// <summary>A text setting of <c>configurations</c> (decrypted if it is a secret), trimmed; null when absent, blank or not a string.</summary>
    public string? Setting(string name) =>
        secretSettings?.GetValueOrDefault(name) is { } secret ? secret.Trim()
        : Entry.Configurations is { ValueKind: System.Text.Json.JsonValueKind.Object } c && c.TryGetProperty(name, out var value)
            && value.ValueKind == System.Text.Json.JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!.Trim()
            : null;
}
