using ControlPlane.AdminConsole.Api;
using ControlPlane.AdminConsole.Pages.Providers;

namespace ControlPlane.Tests.AdminConsole.Providers;

public sealed class ProviderProblemsTests
{
    private static ApiProblem Problem(int status, string? detail, params (string Path, string Message)[] errors) =>
        new(status, "title", detail, errors.ToDictionary(e => e.Path, e => new[] { e.Message }));

    [Fact]
    public void ForForm_OnConflict_PutsTheApisWordsOnSlug()
    {
        var shown = ProviderProblems.ForForm(Problem(409, "A provider with slug 'x' already exists."));

        Assert.Equal(["A provider with slug 'x' already exists."], shown.For("slug"));
    }

    [Fact]
    public void ForForm_OnValidationProblem_LeavesItAsIs()
    {
        var problem = Problem(400, null, ("name", "is required."));

        Assert.Same(problem, ProviderProblems.ForForm(problem));
    }

    [Fact]
    public void At_WithNested_FindsThePathAndThePathsUnderIt_ButNotSiblingsSharingAPrefix()
    {
        var problem = Problem(400, null,
            ("models", "too many"), ("models[2]", "blank"), ("models_extra", "other"), ("configurations.resource_name", "bad"));

        var found = ProviderProblems.At(problem, "models", nested: true);

        Assert.Equal([(null, "too many"), ("models[2]", "blank")], found);
        Assert.Equal([(null, "blank")], ProviderProblems.At(problem, "models[2]", nested: false));
        Assert.Equal([("configurations.resource_name", "bad")], ProviderProblems.At(problem, "configurations", nested: true));
        Assert.Empty(ProviderProblems.At(problem, "configurations", nested: false));
    }

    [Fact]
    public void Unplaced_ListsOnlyErrorsWithoutAFormField()
    {
        var problem = Problem(400, null, ("usage_limits.credit_limit", "x"), ("rate_limits[0].unit", "y"), ("something_new", "z"));

        Assert.Equal([("something_new", "z")], ProviderProblems.Unplaced(problem));
    }
}
