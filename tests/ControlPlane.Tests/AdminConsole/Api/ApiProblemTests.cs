using ControlPlane.AdminConsole.Api;

namespace ControlPlane.Tests.AdminConsole.Api;

public sealed class ApiProblemTests
{
    private static ApiProblem Problem(params (string Path, string Message)[] errors) =>
        new(400, "title", null, errors.ToDictionary(e => e.Path, e => new[] { e.Message }));

    [Fact]
    public void At_WithNested_FindsThePathAndThePathsUnderIt_ButNotSiblingsSharingAPrefix()
    {
        var problem = Problem(
            ("models", "too many"), ("models[2]", "blank"), ("models_extra", "other"), ("configurations.resource_name", "bad"));

        Assert.Equal([(null, "too many"), ("models[2]", "blank")], problem.At("models", nested: true));
        Assert.Equal([(null, "blank")], problem.At("models[2]", nested: false));
        Assert.Equal([("configurations.resource_name", "bad")], problem.At("configurations", nested: true));
        Assert.Empty(problem.At("configurations", nested: false));
    }

    [Fact]
    public void Has_WithoutNested_IsTheExactPathOnly()
    {
        var problem = Problem(("usage_limits.credit_limit", "must be greater than 0."));

        Assert.True(problem.Has("usage_limits", nested: true));
        Assert.False(problem.Has("usage_limits", nested: false));
        Assert.True(problem.Has("usage_limits.credit_limit", nested: false));
        Assert.False(problem.Has("usage", nested: true));
    }

    [Fact]
    public void Unplaced_ListsErrorsNeitherAtNorUnderAPlacedPath()
    {
        var problem = Problem(("name", "is required."), ("names", "other."), ("config.targets[0].weight", "bad"), ("workspace_id", "unknown"));

        Assert.Equal([("names", "other."), ("workspace_id", "unknown")], problem.Unplaced(["name", "config"]));
    }

    [Theory]
    [InlineData("config", "config", true)]
    [InlineData("config.strategy.mode", "config", true)]
    [InlineData("config[0]", "config", true)]
    [InlineData("config_id", "config", false)]
    [InlineData("con", "config", false)]
    public void IsAtOrUnder_TakesThePathAndItsChildren_NotALongerName(string errorPath, string path, bool expected) =>
        Assert.Equal(expected, ApiProblem.IsAtOrUnder(errorPath, path));

    [Fact]
    public void FieldErrorList_KeepsMessagesByPathInOrder_AndIsNullWhenEmpty()
    {
        var errors = new FieldErrorList();
        Assert.Null(errors.ToProblem());

        errors.Add("rate_limits[0].value", "must be a whole number.");
        errors.Add("rate_limits[0].value", "must be greater than 0.");
        var problem = errors.ToProblem()!;

        Assert.Equal(400, problem.Status);
        Assert.Equal("One or more fields are invalid.", problem.Title);
        Assert.Equal(["must be a whole number.", "must be greater than 0."], problem.For("rate_limits[0].value"));
    }
}
