using System.Text.Json;
using Contracts;
using Contracts.Json;
using Contracts.Security;
using Contracts.Snapshots;

namespace BenchTool.Snapshot;

/// <summary>
/// Writes the snapshot the benchmark's data plane starts from (its <c>Gateway:SnapshotCachePath</c>): one
/// workspace, one service key with <c>completions.write</c>, and one provider <c>bench</c> pointing at the
/// fake upstream, its key encrypted as the control plane would.
/// </summary>
internal static class SnapshotWriter
{
    public const string ProviderSlug = "bench";

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
