using Contracts.Json;
using ControlPlane.Catalog;
using ControlPlane.Snapshots;

namespace ControlPlane.Tests;

public sealed class SnapshotBuilderTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid WorkspaceId = Guid.NewGuid();

    private static ApiKey Key(string name, DateTimeOffset? revokedAt = null) => new()
    {
        Id = Guid.NewGuid(), Name = name, Type = ApiKeyTypes.Workspace, SubType = ApiKeyTypes.Service, WorkspaceId = WorkspaceId,
        KeyHash = new string('a', 64), Scopes = ["completions.write"], RevokedAt = revokedAt,
        Defaults = """{"config_id":"pc-1","metadata":{"team":"a"},"allow_config_override":false}""",
    };

    [Fact]
    public void Build_LeavesOutRevokedKeys()
    {
        var snapshot = SnapshotBuilder.Build(7, Now, [], [], [Key("live"), Key("gone", Now)]);
        Assert.Equal(["live"], snapshot.ApiKeys.Select(k => k.Name));
    }

    [Fact]
    public void Build_CarriesVersionWorkspacesAndKeyDefaults()
    {
        var workspace = new Workspace { Id = WorkspaceId, Slug = "default", Name = "Default" };
        var snapshot = SnapshotBuilder.Build(7, Now, [workspace], [], [Key("live")]);
        Assert.Equal(7, snapshot.Version);
        Assert.Equal(Now, snapshot.CreatedAt);
        var entry = Assert.Single(snapshot.Workspaces);
        Assert.Equal((WorkspaceId, "default", "Default", false, "fail_open"), (entry.Id, entry.Slug, entry.Name, entry.LogBodies, entry.RedisFailurePolicy));
        var defaults = snapshot.ApiKeys[0].Defaults!;
        Assert.Equal(("pc-1", "a", false), (defaults.ConfigId, defaults.Metadata!["team"], defaults.AllowConfigOverride));
    }

    [Fact]
    public void Build_CarriesTheWorkspaceDefaultConfigAndMetadata()
    {
        var workspace = new Workspace
        {
            Id = WorkspaceId, Slug = "team", Name = "Team", Defaults = """{"config_id":"pc-team","metadata":{"cost_center":"42"}}""",
        };
        var entry = Assert.Single(SnapshotBuilder.Build(1, Now, [workspace], [], []).Workspaces);
        Assert.Equal("pc-team", entry.DefaultConfigId);
        Assert.Equal("42", entry.DefaultMetadata["cost_center"]);
    }

    [Fact]
    public void Build_KeepsProviderKeyEncryptedAndConfigurationsAsJson()
    {
        var provider = new Provider
        {
            Id = Guid.NewGuid(), Slug = "openai-prod", Name = "OpenAI", AiProvider = "openai", EncryptedKey = "CIPHERTEXT",
            Models = ["gpt-4o"], Configurations = """{"api_version":"2024-10-21"}""",
        };
        var entry = Assert.Single(SnapshotBuilder.Build(1, Now, [], [provider], []).Providers);
        Assert.Equal("CIPHERTEXT", entry.EncryptedKey);
        Assert.Equal(["gpt-4o"], entry.Models);
        Assert.Equal("2024-10-21", entry.Configurations!.Value.GetProperty("api_version").GetString());
    }

    [Fact]
    public void Build_SerializesWithContractJsonInSnakeCase()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(SnapshotBuilder.Build(3, Now, [], [], [Key("live")]), ContractJson.Options);
        Assert.Contains("\"key_hash\"", json, StringComparison.Ordinal);
        Assert.Contains("\"api_keys\"", json, StringComparison.Ordinal);
    }
}
