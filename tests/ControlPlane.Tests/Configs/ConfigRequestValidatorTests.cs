using System.Text.Json;
using ControlPlane.Configs;

namespace ControlPlane.Tests.Configs;

public sealed class ConfigRequestValidatorTests
{
    private static JsonElement Json(string json) => JsonSerializer.Deserialize<JsonElement>(json);

    [Fact]
    public void ValidateCreate_ValidBody_HasNoErrors() =>
        Assert.True(ConfigRequestValidator.ValidateCreate(new CreateConfigRequest { Name = "prod", Config = Json("""{"provider":"@mock"}""") }, null).IsEmpty);

    [Fact]
    public void ValidateCreate_MissingNameAndConfig_NamesBoth()
    {
        var errors = ConfigRequestValidator.ValidateCreate(new CreateConfigRequest(), null);
        Assert.Equal(["name", "config"], errors.Fields);
    }

    [Fact]
    public void ValidateCreate_NullConfig_IsRequired()
    {
        var errors = ConfigRequestValidator.ValidateCreate(new CreateConfigRequest { Name = "x", Config = Json("null") }, null);
        Assert.Contains("is required: a routing config object", errors.ToDictionary()["config"]);
    }

    [Fact]
    public void ValidateCreate_InvalidConfig_MapsPathsUnderConfig()
    {
        var known = new HashSet<string>(StringComparer.Ordinal) { "mock" };
        var errors = ConfigRequestValidator.ValidateCreate(
            new CreateConfigRequest { Name = "x", Config = Json("""{"targets":[{"provider":"@mock","weight":-1},{"provider":"@gone"}]}""") }, known);
        Assert.Equal(["config.targets[0].weight", "config.targets[1].provider"], errors.Fields);
    }

    [Fact]
    public void ValidateCreate_ConfigNotAnObject_NamesConfig()
    {
        var errors = ConfigRequestValidator.ValidateCreate(new CreateConfigRequest { Name = "x", Config = Json("\"pc-abc\"") }, null);
        Assert.Equal(["config"], errors.Fields);
    }

    [Fact]
    public void ValidateCreate_TooLongName_IsError()
    {
        var errors = ConfigRequestValidator.ValidateCreate(new CreateConfigRequest { Name = new string('n', 201), Config = Json("{}") }, null);
        Assert.Equal(["name"], errors.Fields);
    }

    [Fact]
    public void ValidateUpdate_EmptyBody_IsError() =>
        Assert.Equal(["name"], ConfigRequestValidator.ValidateUpdate(new UpdateConfigRequest(), null).Fields);

    [Fact]
    public void ValidateUpdate_NameOnlyOrConfigOnly_IsValid()
    {
        Assert.True(ConfigRequestValidator.ValidateUpdate(new UpdateConfigRequest { Name = "renamed" }, null).IsEmpty);
        Assert.True(ConfigRequestValidator.ValidateUpdate(new UpdateConfigRequest { Config = Json("""{"cache":{"mode":"simple"}}""") }, null).IsEmpty);
    }

    [Fact]
    public void ValidateUpdate_BlankName_IsError() =>
        Assert.Equal(["name"], ConfigRequestValidator.ValidateUpdate(new UpdateConfigRequest { Name = "  " }, null).Fields);
}
