using System.Text.Json;
using Contracts.Json;
using Contracts.Snapshots;
using ControlPlane.Catalog;
using ControlPlane.Limits;
using ControlPlane.Workspaces;

namespace ControlPlane.Snapshots;

/// <summary>Catalog rows → the data plane's snapshot. Pure: no I/O, no clock.</summary>
internal static class SnapshotBuilder
{
    public static GatewaySnapshot Build(
        long version,
        DateTimeOffset createdAt,
        IEnumerable<Workspace> workspaces,
        IEnumerable<Provider> providers,
        IEnumerable<ApiKey> apiKeys,
        IEnumerable<ModelPriceOverride>? prices = null,
        IEnumerable<Config>? configs = null,
        IEnumerable<ConfigVersion>? configVersions = null,
        IEnumerable<Guardrail>? guardrails = null) => new()
        {
            Version = version,
            CreatedAt = createdAt,
            Workspaces = [.. workspaces.OrderBy(w => w.Slug, StringComparer.Ordinal).Select(ToEntry)],
            Providers = [.. providers.OrderBy(p => p.Slug, StringComparer.Ordinal).Select(ToEntry)],
            // Revoked keys are left out: a key that is not in the snapshot is unknown, hence 401.
            ApiKeys = [.. apiKeys.Where(k => k.RevokedAt is null).OrderBy(k => k.Id).SelectMany(k => ToEntries(k, createdAt))],
            Prices = [.. (prices ?? []).OrderBy(p => p.AiProvider, StringComparer.Ordinal).ThenBy(p => p.ModelKey, StringComparer.Ordinal).Select(p => p.ToEntry())],
            Configs = ConfigEntries(configs ?? [], configVersions ?? []),
            Guardrails = [.. (guardrails ?? []).Where(g => g.DeletedAt is null).OrderBy(g => g.Id, StringComparer.Ordinal)
                .Select(g => new GuardrailEntry(g.Id, g.WorkspaceId, g.Name, JsonSerializer.Deserialize<JsonElement>(g.Definition)))],
        };

    private static WorkspaceEntry ToEntry(Workspace workspace)
    {
        var defaults = workspace.Defaults is null ? null : JsonSerializer.Deserialize<WorkspaceDefaults>(workspace.Defaults, ContractJson.Options);
        return new(workspace.Id, workspace.Slug, workspace.Name)
        {
            LogBodies = defaults?.LogBodies == true,
            DefaultConfigId = defaults?.ConfigId,
            DefaultMetadata = defaults?.Metadata ?? new Dictionary<string, string>(),
            UsageLimits = LimitEntries.Usage(workspace.UsageLimits),
            RateLimits = LimitEntries.Rate(workspace.RateLimits),
            RedisFailurePolicy = workspace.RedisFailurePolicy,
            InputGuardrails = [.. defaults?.InputGuardrails ?? []],
            OutputGuardrails = [.. defaults?.OutputGuardrails ?? []],
        };
    }

    /// <summary>Each live config at its latest version; a config whose latest version is missing is left out.</summary>
    private static List<ConfigEntry> ConfigEntries(IEnumerable<Config> configs, IEnumerable<ConfigVersion> versions)
    {
        var byKey = versions.ToDictionary(v => (v.ConfigId, v.Version));
        return [.. configs
            .Where(c => c.DeletedAt is null)
            .OrderBy(c => c.Id, StringComparer.Ordinal)
            .Select(c => byKey.TryGetValue((c.Id, c.LatestVersion), out var latest)
                ? new ConfigEntry(c.Id, c.WorkspaceId, latest.Id, latest.Version, JsonSerializer.Deserialize<JsonElement>(latest.Content))
                : null)
            .OfType<ConfigEntry>()];
    }

    private static ProviderEntry ToEntry(Provider provider) => new()
    {
        Id = provider.Id,
        Slug = provider.Slug,
        Name = provider.Name,
        AiProvider = provider.AiProvider,
        WorkspaceId = provider.WorkspaceId,
        BaseUrl = provider.BaseUrl,
        // Stays encrypted: the data plane decrypts with the shared key.
        EncryptedKey = provider.EncryptedKey,
        Models = [.. provider.Models],
        Configurations = provider.Configurations is null ? null : JsonSerializer.Deserialize<JsonElement>(provider.Configurations),
        Disabled = provider.Disabled,
        UsageLimits = LimitEntries.Usage(provider.UsageLimits),
        RateLimits = LimitEntries.Rate(provider.RateLimits),
    };

    /// <summary>
    /// The key, plus its previous secret while a rotation's grace period lasts: a second entry with the same id,
    /// the old hash and the grace end as its expiry, so the data plane's hash lookup honours both unchanged.
    /// </summary>
    private static IEnumerable<ApiKeyEntry> ToEntries(ApiKey key, DateTimeOffset createdAt)
    {
        var entry = ToEntry(key);
        yield return entry;
        if (key.PreviousKeyHash is { } previousHash && key.PreviousKeyExpiresAt is { } graceEnd && graceEnd > createdAt)
        {
            yield return entry with { KeyHash = previousHash, ExpiresAt = key.ExpiresAt < graceEnd ? key.ExpiresAt : graceEnd };
        }
    }

    private static ApiKeyEntry ToEntry(ApiKey key) => new()
    {
        Id = key.Id,
        KeyHash = key.KeyHash,
        Name = key.Name,
        Type = key.Type,
        SubType = key.SubType,
        WorkspaceId = key.WorkspaceId,
        Scopes = [.. key.Scopes],
        ExpiresAt = key.ExpiresAt,
        Defaults = key.Defaults is null ? null : JsonSerializer.Deserialize<ApiKeyDefaults>(key.Defaults, ContractJson.Options),
        UsageLimits = LimitEntries.Usage(key.UsageLimits),
        RateLimits = LimitEntries.Rate(key.RateLimits),
    };
}
