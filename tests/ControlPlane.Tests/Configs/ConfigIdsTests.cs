using ControlPlane.Configs;

namespace ControlPlane.Tests.Configs;

public sealed class ConfigIdsTests
{
    [Fact]
    public void New_IsPcPrefixAndTwelveBase32Chars()
    {
        var id = ConfigIds.New();
        Assert.Matches("^pc-[a-z2-7]{12}$", id);
        Assert.True(ConfigIds.IsWellFormed(id));
    }

    [Fact]
    public void New_IsUniqueAcrossManyCalls()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => ConfigIds.New()).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(10_000, ids.Count);
    }

    [Fact]
    public void New_UsesTheWholeAlphabet()
    {
        var chars = Enumerable.Range(0, 2_000).SelectMany(_ => ConfigIds.New()[3..]).ToHashSet();
        Assert.Equal(32, chars.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("pc-")]
    [InlineData("pk-abcdefghijkl")]
    [InlineData("pc-ABCDEF")]
    [InlineData("pc-abc/def")]
    [InlineData("pc-0189")]
    public void IsWellFormed_RejectsWhatNewNeverMakes(string? id) => Assert.False(ConfigIds.IsWellFormed(id));
}
