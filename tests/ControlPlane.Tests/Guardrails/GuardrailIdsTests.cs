using ControlPlane.Guardrails;

namespace ControlPlane.Tests.Guardrails;

public sealed class GuardrailIdsTests
{
    [Fact]
    public void New_IsPgPlusTwelveLowercaseAlphanumerics_AndWellFormed()
    {
        var ids = Enumerable.Range(0, 200).Select(_ => GuardrailIds.New()).ToList();

        Assert.All(ids, id => Assert.Matches("^pg-[a-z0-9]{12}$", id));
        Assert.All(ids, id => Assert.True(GuardrailIds.IsWellFormed(id)));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("pc-aaaaaaaaaaaa")]
    [InlineData("pg-")]
    [InlineData("pg-ABCDEFGHIJKL")]
    [InlineData("pg-abc def")]
    [InlineData("pg-abc'--")]
    [InlineData("")]
    [InlineData(null)]
    public void IsWellFormed_RefusesWhatCannotBeAGuardrailId(string? id) => Assert.False(GuardrailIds.IsWellFormed(id));
}
