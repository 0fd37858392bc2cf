using System.Text.Json;
using Contracts;
using Contracts.Json;
using Contracts.Security;
using Contracts.Snapshots;

namespace BenchTool.Snapshot;

/// <summary>
/// Writes the snapshot the benchmark's data plane starts from (its <c>Gateway:SnapshotCachePath</c>): one
/// workspace, one service key with <c>completions.write</c>, and one provider <c>bench</c> pointing at the
/// fake upstream, its key encrypted as the control plane would; and a fallback config whose first target always fails.
/// </summary>
internal static class SnapshotWriter
{
    public const string ProviderSlug = "bench";

    /// <summary>A saved config: <c>bench-failing</c> (always 500) first, then <c>bench</c> — the cost of a fallback.</summary>
    public const string FallbackConfigId = "pc-benchfallbk";

    public static int Run(Arguments arguments)
    {
        var protector = new SecretProtector(arguments.Required("secret-key"));
        var workspaceId = Guid.CreateVersion7();
        var kind = arguments.Required("provider-kind");
        var snapshot = new GatewaySnapshot
        {
            Version = 1,
            CreatedAt = DateTimeOffset.UtcNow,
            Workspaces = [new WorkspaceEntry(workspaceId, "bench", "Benchmark")],
            Providers =
            [
                new ProviderEntry
                {
                    Id = Guid.CreateVersion7(),
                    Slug = ProviderSlug,
                    Name = "Benchmark upstream",
                    AiProvider = kind,
                    BaseUrl = kind == "mock" ? null : arguments.Required("base-url"),
                    EncryptedKey = protector.Protect(arguments.Required("provider-key")),
                },
                new ProviderEntry
                {
                    Id = Guid.CreateVersion7(),
                    Slug = "bench-failing",
                    Name = "Benchmark upstream that fails",
                    AiProvider = kind,
                    BaseUrl = kind == "mock" ? null : arguments.Required("base-url").Replace("/v1", "/fail/v1", StringComparison.Ordinal),
                    EncryptedKey = protector.Protect(arguments.Required("provider-key")),
                },
            ],
            Configs =
            [
                new ConfigEntry(FallbackConfigId, workspaceId, Guid.CreateVersion7(), 1, JsonSerializer.SerializeToElement(new
                {
                    strategy = new { mode = "fallback" },
                    targets = new[] { new { provider = "@bench-failing" }, new { provider = "@" + ProviderSlug } },
                })),
            ],
            ApiKeys =
            [
                new ApiKeyEntry
                {
                    Id = Guid.CreateVersion7(),
                    KeyHash = ApiKeyHasher.Hash(arguments.Required("api-key")),
                    Name = "bench",
                    Type = "workspace",
                    SubType = "service",
                    WorkspaceId = workspaceId,
                    Scopes = [Scopes.CompletionsWrite],
                },
            ],
        };

        var path = arguments.Required("out");
        File.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(snapshot, ContractJson.Options));
        return 0;
    }
}
