using System.Security.Cryptography;
using System.Text.Json;
using Contracts;
using Contracts.Json;
using Contracts.Security;
using Contracts.Snapshots;

namespace DataPlane.Tests;

/// <summary>A snapshot as the control plane would publish it: keys, mock and other providers, encrypted secrets.</summary>
internal static class TestSnapshot
{
    public static readonly string SecretKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    public static readonly Guid WorkspaceA = Guid.NewGuid();
    public static readonly Guid WorkspaceB = Guid.NewGuid();

    public static readonly string CompletionKey = ApiKeyHasher.NewKey();
    public static readonly Guid CompletionKeyId = Guid.NewGuid();
    public static readonly string NoScopeKey = ApiKeyHasher.NewKey();
    public static readonly string ExpiredKey = ApiKeyHasher.NewKey();
    public static readonly string OrgKey = ApiKeyHasher.NewKey();

    public const string ProviderSecret = "sk-upstream-secret-value";

    public static GatewaySnapshot Build(long version = 1, params ApiKeyEntry[] extraKeys)
    {
        var protector = new SecretProtector(SecretKey);
        return new GatewaySnapshot
        {
            Version = version,
            CreatedAt = DateTimeOffset.UtcNow,
            Workspaces = [new WorkspaceEntry(WorkspaceA, "a", "A"), new WorkspaceEntry(WorkspaceB, "b", "B")],
            Providers =
            [
                Provider("mock-shared", "mock", workspace: null),
                Provider("mock-a", "mock", WorkspaceA) with { EncryptedKey = protector.Protect(ProviderSecret) },
                Provider("mock-b", "mock", WorkspaceB),
                Provider("mock-limited", "mock", workspace: null) with { Models = ["allowed-model", "other/model"] },
                Provider("openai-prod", "openai", workspace: null) with { EncryptedKey = protector.Protect(ProviderSecret) },
                Provider("future-prod", "future-kind", workspace: null),
            ],
            ApiKeys =
            [
                Key(CompletionKey, CompletionKeyId, "workspace", WorkspaceA, [Scopes.CompletionsWrite]) with
                {
                    Defaults = new ApiKeyDefaults { Metadata = new Dictionary<string, string> { ["team"] = "core", ["env"] = "dev" } },
                },
                Key(NoScopeKey, Guid.NewGuid(), "workspace", WorkspaceA, [Scopes.LogsView]),
                Key(ExpiredKey, Guid.NewGuid(), "workspace", WorkspaceA, [Scopes.CompletionsWrite]) with { ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) },
                Key(OrgKey, Guid.NewGuid(), "organisation", null, Scopes.All),
                .. extraKeys,
            ],
        };
    }

    public static byte[] ToJson(GatewaySnapshot snapshot) => JsonSerializer.SerializeToUtf8Bytes(snapshot, ContractJson.Options);

    public static ApiKeyEntry Key(string key, Guid id, string type, Guid? workspace, IReadOnlyList<string> scopes) => new()
    {
        Id = id,
        KeyHash = ApiKeyHasher.Hash(key),
        Name = "test key",
        Type = type,
        SubType = "service",
        WorkspaceId = workspace,
        Scopes = scopes,
    };

    /// <summary>A provider entry; <paramref name="key"/> is encrypted as the control plane would.</summary>
    public static ProviderEntry Provider(string slug, string kind, Guid? workspace, string? baseUrl = null, string? key = null, params string[] models) => new()
    {
        Id = Guid.NewGuid(),
        Slug = slug,
        Name = slug,
        AiProvider = kind,
        WorkspaceId = workspace,
        BaseUrl = baseUrl,
        EncryptedKey = key is null ? null : new SecretProtector(SecretKey).Protect(key),
        Models = models,
    };

}
