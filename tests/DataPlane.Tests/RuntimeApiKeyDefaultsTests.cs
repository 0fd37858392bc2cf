using Contracts.Snapshots;
using DataPlane.Snapshots;

namespace DataPlane.Tests;

/// <summary>A key's defaults and its workspace's: the key's own win, the workspace fills what the key leaves open.</summary>
public sealed class RuntimeApiKeyDefaultsTests
{
    private static readonly Guid WorkspaceId = Guid.NewGuid();

    private static readonly WorkspaceEntry Workspace = new(WorkspaceId, "team", "Team")
    {
        DefaultConfigId = "pc-team",
        DefaultMetadata = new Dictionary<string, string> { ["cost_center"] = "42", ["env"] = "prod" },
    };

    private static ApiKeyEntry Key(ApiKeyDefaults? defaults) => new()
    {
        Id = Guid.NewGuid(), KeyHash = new string('a', 64), Name = "app", Type = "workspace", SubType = "service",
        WorkspaceId = WorkspaceId, Defaults = defaults,
    };

    [Fact]
    public void AKeyWithoutDefaults_TakesItsWorkspacesConfigAndMetadata()
    {
        var key = new RuntimeApiKey(Key(null), Workspace);

        Assert.Equal("pc-team", key.DefaultConfigId);
        Assert.Equal(new Dictionary<string, string> { ["cost_center"] = "42", ["env"] = "prod" }, key.DefaultMetadata);
    }

    [Fact]
    public void TheKeysOwnDefaults_WinPerField_AndPerMetadataKey()
    {
        var key = new RuntimeApiKey(Key(new ApiKeyDefaults
        {
            ConfigId = "pc-key", Metadata = new Dictionary<string, string> { ["env"] = "staging", ["app"] = "bot" },
        }), Workspace);

        Assert.Equal("pc-key", key.DefaultConfigId);
        Assert.Equal(new Dictionary<string, string> { ["cost_center"] = "42", ["env"] = "staging", ["app"] = "bot" }, key.DefaultMetadata);
    }

    [Fact]
    public void WithoutAWorkspace_OnlyTheKeysDefaultsApply()
    {
        var key = new RuntimeApiKey(Key(new ApiKeyDefaults { Metadata = new Dictionary<string, string> { ["app"] = "bot" } }));

        Assert.Null(key.DefaultConfigId);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "bot" }, key.DefaultMetadata);
    }
}
