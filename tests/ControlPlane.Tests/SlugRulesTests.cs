using ControlPlane.Http;

namespace ControlPlane.Tests;

public sealed class SlugRulesTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("openai-prod")]
    [InlineData("0-9")]
    public void IsValid_AcceptsLowerCaseDigitsAndDashes(string slug) => Assert.True(SlugRules.IsValid(slug));

    [Theory]
    [InlineData("")]
    [InlineData("-lead")]
    [InlineData("Upper")]
    [InlineData("under_score")]
    [InlineData("trailing\n")]
    [InlineData("with space")]
    public void IsValid_RejectsOtherShapes(string slug) => Assert.False(SlugRules.IsValid(slug));

    [Fact]
    public void IsValid_RejectsMoreThan63Characters()
    {
        Assert.True(SlugRules.IsValid(new string('a', 63)));
        Assert.False(SlugRules.IsValid(new string('a', 64)));
    }
}
