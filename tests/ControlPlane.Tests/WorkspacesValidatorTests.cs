using System.Text.Json;
using Contracts.Json;
using ControlPlane.Workspaces;

namespace ControlPlane.Tests;

public sealed class WorkspacesValidatorTests
{
    private static UpdateWorkspaceRequest Parse(string json) => JsonSerializer.Deserialize<UpdateWorkspaceRequest>(json, ContractJson.Options)!;

    [Fact]
    public void Update_ChangingSlug_NamesSlug() =>
        Assert.Equal(["slug"], WorkspaceValidator.ValidateUpdate(Parse("""{"slug":"other"}"""), "team-a").Fields);

    [Fact]
    public void Update_RepeatingCurrentSlugWithNameAndDefaults_IsValid() =>
        Assert.True(WorkspaceValidator.ValidateUpdate(
            Parse("""{"slug":"team-a","name":"Team A","defaults":{"metadata":{"team":"a"}}}"""), "team-a").IsEmpty);

    [Theory]
    [InlineData("id")]
    [InlineData("created_at")]
    public void Update_SettingReadOnlyField_NamesThatField(string field) =>
        Assert.Equal([field], WorkspaceValidator.ValidateUpdate(Parse($$"""{"{{field}}":"x"}"""), "team-a").Fields);

    [Fact]
    public void Update_WithEmptyNameAndEmptyConfigId_NamesBoth() =>
        Assert.Equal(["name", "defaults.config_id"],
            WorkspaceValidator.ValidateUpdate(Parse("""{"name":"","defaults":{"config_id":""}}"""), "team-a").Fields);
}
