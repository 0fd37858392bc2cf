using System.Text.Json;
using Contracts.Json;
using Contracts.Snapshots;
using ControlPlane.Catalog;

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
        IEnumerable<ModelPriceOverride>? prices = null) => new()
        {
            Version = version,
            CreatedAt = createdAt,
            Workspaces = [.. workspaces.OrderBy(w => w.Slug, StringComparer.Ordinal).Select(w => new WorkspaceEntry(w.Id, w.Slug, w.Name))],
            Providers = [.. providers.OrderBy(p => p.Slug, StringComparer.Ordinal).Select(ToEntry)],
            // Revoked keys are left out: a key that is not in the snapshot is unknown, hence 401.
            ApiKeys = [.. apiKeys.Where(k => k.RevokedAt is null).OrderBy(k => k.Id).Select(ToEntry)],
            Prices = [.. (prices ?? []).OrderBy(p => p.AiProvider, StringComparer.Ordinal).ThenBy(p => p.ModelKey, StringComparer.Ordinal).Select(p => p.ToEntry())],
        };

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
    };

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
    };
}
