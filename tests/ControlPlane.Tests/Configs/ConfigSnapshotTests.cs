using System.Text.Json;
using ControlPlane.Catalog;
using ControlPlane.Snapshots;

namespace ControlPlane.Tests.Configs;

public sealed class ConfigSnapshotTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid WorkspaceId = Guid.NewGuid();

    private static ConfigVersion Version(string configId, int version, string content) =>
        new() { Id = Guid.NewGuid(), ConfigId = configId, Version = version, Content = content, CreatedAt = Now };

    [Fact]
    public void Build_CarriesEachLiveConfigAtItsLatestVersion()
    {
        var config = new Config { Id = "pc-aaaaaaaaaaaa", Name = "prod", WorkspaceId = WorkspaceId, LatestVersion = 2 };
        var v1 = Version(config.Id, 1, """{"provider":"@old"}""");
        var v2 = Version(config.Id, 2, """{"provider":"@new"}""");

        var snapshot = SnapshotBuilder.Build(1, Now, [], [], [], configs: [config], configVersions: [v1, v2]);

        var entry = Assert.Single(snapshot.Configs);
        Assert.Equal((config.Id, WorkspaceId, v2.Id, 2), (entry.Id, entry.WorkspaceId, entry.VersionId, entry.Version));
        Assert.Equal("@new", entry.Config.GetProperty("provider").GetString());
    }

    [Fact]
    public void Build_LeavesOutDeletedConfigsAndThoseWithoutTheirLatestVersion()
    {
        var deleted = new Config { Id = "pc-bbbbbbbbbbbb", Name = "gone", WorkspaceId = WorkspaceId, LatestVersion = 1, DeletedAt = Now };
        var incomplete = new Config { Id = "pc-cccccccccccc", Name = "half", WorkspaceId = WorkspaceId, LatestVersion = 2 };

        var snapshot = SnapshotBuilder.Build(1, Now, [], [], [], configs: [deleted, incomplete],
            configVersions: [Version(deleted.Id, 1, "{}"), Version(incomplete.Id, 1, "{}")]);

        Assert.Empty(snapshot.Configs);
    }

    [Fact]
    public void Snapshot_ConfigsRoundTripThroughContractJson()
    {
        var config = new Config { Id = "pc-dddddddddddd", Name = "prod", WorkspaceId = WorkspaceId, LatestVersion = 1 };
        var snapshot = SnapshotBuilder.Build(3, Now, [], [], [], configs: [config],
            configVersions: [Version(config.Id, 1, """{"strategy":{"mode":"fallback"},"targets":[{"provider":"@a"}]}""")]);

        var json = JsonSerializer.Serialize(snapshot, Contracts.Json.ContractJson.Options);
        var back = JsonSerializer.Deserialize<Contracts.Snapshots.GatewaySnapshot>(json, Contracts.Json.ContractJson.Options)!;

        Assert.Contains("\"configs\":[{\"id\":\"pc-dddddddddddd\"", json, StringComparison.Ordinal);
        Assert.Equal("fallback", back.Configs[0].Config.GetProperty("strategy").GetProperty("mode").GetString());
    }
}
