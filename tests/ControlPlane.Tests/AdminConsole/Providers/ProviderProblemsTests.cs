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
    public void Unplaced_ListsOnlyErrorsWithoutAFormField()
    {
        var problem = Problem(400, null, ("usage_limits.credit_limit", "x"), ("rate_limits[0].unit", "y"), ("something_new", "z"));

        Assert.Equal([("something_new", "z")], ProviderProblems.Unplaced(problem));
    }
}
