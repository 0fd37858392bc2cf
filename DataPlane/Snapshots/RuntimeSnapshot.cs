using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text.Json;
using Contracts.Security;
using Contracts.Snapshots;

namespace DataPlane.Snapshots;

/// <summary>The immutable lookup view of one <see cref="GatewaySnapshot"/>; swapped whole, never mutated.</summary>
internal sealed class RuntimeSnapshot
{
    private RuntimeSnapshot(long version, FrozenDictionary<string, RuntimeApiKey> keys, FrozenDictionary<string, RuntimeProvider> providers)
    {
        Version = version;
        KeysByHash = keys;
        ProvidersBySlug = providers;
    }

    public long Version { get; }
    public FrozenDictionary<string, RuntimeApiKey> KeysByHash { get; }
    public FrozenDictionary<string, RuntimeProvider> ProvidersBySlug { get; }
    public Pricing.PriceBook Prices { get; private init; } = Pricing.PriceBook.BuiltIn;

    /// <summary>Saved routing configs at their latest version, by id (<c>pc-…</c>).</summary>
    public FrozenDictionary<string, ConfigEntry> ConfigsById { get; private init; } = FrozenDictionary<string, ConfigEntry>.Empty;

    /// <summary>
    /// Configs compiled against this snapshot (saved by id, inline by workspace and text), or why they cannot be used.
    /// Compiled on first use; a new snapshot starts empty, so a changed config or provider list is recompiled.
    /// </summary>
    public ConcurrentDictionary<string, Routing.CompiledConfig> CompiledConfigs { get; } = new(StringComparer.Ordinal);

    public FrozenDictionary<Guid, WorkspaceEntry> WorkspacesById { get; private init; } = FrozenDictionary<Guid, WorkspaceEntry>.Empty;

    /// <summary>Saved guardrails (<c>pg-…</c>), by id.</summary>
    public FrozenDictionary<string, GuardrailEntry> GuardrailsById { get; private init; } = FrozenDictionary<string, GuardrailEntry>.Empty;

    /// <summary>Saved guardrails compiled against this snapshot on first use (or why they cannot be), by id.</summary>
    public ConcurrentDictionary<string, Guardrails.SavedGuardrail> CompiledGuardrails { get; } = new(StringComparer.Ordinal);

    /// <summary>Workspaces' default guardrails compiled against this snapshot on first use.</summary>
    public ConcurrentDictionary<Guid, Guardrails.GuardrailDefaults> WorkspaceGuardrails { get; } = new();

    /// <summary>The provider slugs a key of <paramref name="workspaceId"/> can use (null: an organisation key, all of them).</summary>
    public IReadOnlySet<string> SlugsVisibleTo(Guid? workspaceId) =>
        workspaceId is null
            ? _allSlugs ??= ProvidersBySlug.Keys.ToFrozenSet(StringComparer.Ordinal)
            : _slugsByWorkspace.GetOrAdd(workspaceId.Value, static (id, providers) =>
                providers.Values.Where(p => p.WorkspaceId is null || p.WorkspaceId == id).Select(p => p.Slug).ToFrozenSet(StringComparer.Ordinal), ProvidersBySlug);

    private FrozenSet<string>? _allSlugs;
    private readonly ConcurrentDictionary<Guid, FrozenSet<string>> _slugsByWorkspace = new();

    /// <summary>
    /// Keys presented and found in this snapshot, by the presented text: saves a SHA-256 per request.
    /// Only keys of this snapshot get in, so it is bounded by them and a revocation (a new snapshot) empties it.
    /// </summary>
    public ConcurrentDictionary<string, RuntimeApiKey> VerifiedKeys { get; } = new(StringComparer.Ordinal);

    /// <param name="unreadableSecret">Told the slug of each provider whose secret cannot be decrypted (it stays, keyless).</param>
    public static RuntimeSnapshot Build(GatewaySnapshot snapshot, SecretProtector protector, Action<string>? unreadableSecret = null)
    {
        var workspaces = snapshot.Workspaces.ToDictionary(w => w.Id);
        var keys = new Dictionary<string, RuntimeApiKey>(snapshot.ApiKeys.Count, StringComparer.Ordinal);
        foreach (var key in snapshot.ApiKeys)
        {
            keys[key.KeyHash] = new RuntimeApiKey(key, key.WorkspaceId is { } workspace ? workspaces.GetValueOrDefault(workspace) : null);
        }

        var providers = new Dictionary<string, RuntimeProvider>(snapshot.Providers.Count, StringComparer.Ordinal);
        foreach (var provider in snapshot.Providers)
        {
            var secret = Decrypt(provider.EncryptedKey, provider.Slug, protector, unreadableSecret);
            Dictionary<string, string>? settings = null;
            if (provider.Configurations is { ValueKind: JsonValueKind.Object } configurations)
            {
                foreach (var name in EncryptedSettings.Names)
                {
                    if (configurations.TryGetProperty(name + EncryptedSettings.Suffix, out var encrypted)
                        && encrypted.ValueKind == JsonValueKind.String
                        && Decrypt(encrypted.GetString(), provider.Slug, protector, unreadableSecret) is { } value)
                    {
                        (settings ??= new(StringComparer.Ordinal))[name] = value;
                    }
                }
            }

            providers[provider.Slug] = new RuntimeProvider(provider, secret, settings);
        }

        return new RuntimeSnapshot(snapshot.Version, keys.ToFrozenDictionary(StringComparer.Ordinal), providers.ToFrozenDictionary(StringComparer.Ordinal)) 
        {
            Prices = Pricing.PriceBook.From(snapshot),
            ConfigsById = snapshot.Configs.ToFrozenDictionary(c => c.Id, StringComparer.Ordinal),
            WorkspacesById = workspaces.ToFrozenDictionary(),
            GuardrailsById = snapshot.Guardrails.ToFrozenDictionary(g => g.Id, StringComparer.Ordinal),
        };
    }

    private static string? Decrypt(string? encrypted, string slug, SecretProtector protector, Action<string>? unreadableSecret)
    {
        if (string.IsNullOrEmpty(encrypted))
        {
            return null;
        }

        try
        {
            return protector.Unprotect(encrypted);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            unreadableSecret?.Invoke(slug);
            return null;
        }
    }
}
