using ControlPlane.AdminConsole.Formatting;
using ControlPlane.AdminConsole.Pages.Configs;

namespace ControlPlane.Tests.AdminConsole.Configs;

public sealed class LineDiffTests
{
    [Fact]
    public void Compare_SameText_IsAllSameLinesNumberedOnBothSides()
    {
        var diff = LineDiff.Compare("a\nb\nc", "a\nb\nc");

        Assert.All(diff, line => Assert.Equal(DiffKind.Same, line.Kind));
        Assert.Equal(["a", "b", "c"], diff.Select(l => l.Text));
        Assert.Equal([1, 2, 3], diff.Select(l => l.OldNumber!.Value));
        Assert.Equal([1, 2, 3], diff.Select(l => l.NewNumber!.Value));
    }

    [Fact]
    public void Compare_ChangedLine_IsRemovedThenAddedBetweenUnchangedLines()
    {
        var diff = LineDiff.Compare("{\n  \"weight\": 1,\n  \"name\": \"a\"\n}", "{\n  \"weight\": 2,\n  \"name\": \"a\"\n}");

        Assert.Equal(
            [
                new DiffLine(DiffKind.Same, "{", 1, 1),
                new DiffLine(DiffKind.Removed, "  \"weight\": 1,", 2, null),
                new DiffLine(DiffKind.Added, "  \"weight\": 2,", null, 2),
                new DiffLine(DiffKind.Same, "  \"name\": \"a\"", 3, 3),
                new DiffLine(DiffKind.Same, "}", 4, 4),
            ],
            diff);
    }

    [Fact]
    public void Compare_InsertedAndDeletedLines_KeepTheirOwnNumbers()
    {
        var diff = LineDiff.Compare("a\nb\nc\nd", "a\nc\nd\ne");

        Assert.Equal(
            [
                new DiffLine(DiffKind.Same, "a", 1, 1),
                new DiffLine(DiffKind.Removed, "b", 2, null),
                new DiffLine(DiffKind.Same, "c", 3, 2),
                new DiffLine(DiffKind.Same, "d", 4, 3),
                new DiffLine(DiffKind.Added, "e", null, 4),
            ],
            diff);
    }

    [Fact]
    public void Compare_IndentationChange_IsADifference()
    {
        var diff = LineDiff.Compare("a\n  b", "a\n    b");

        Assert.Contains(new DiffLine(DiffKind.Removed, "  b", 2, null), diff);
        Assert.Contains(new DiffLine(DiffKind.Added, "    b", null, 2), diff);
    }

    [Fact]
    public void Compare_FromEmptyText_IsAllAdded()
    {
        var diff = LineDiff.Compare("", "x\ny");

        Assert.Equal([new DiffLine(DiffKind.Added, "x", null, 1), new DiffLine(DiffKind.Added, "y", null, 2)], diff);
    }

    [Fact]
    public void Compare_ToEmptyText_IsAllRemoved()
    {
        var diff = LineDiff.Compare("x\r\ny\n", "");

        Assert.Equal([new DiffLine(DiffKind.Removed, "x", 1, null), new DiffLine(DiffKind.Removed, "y", 2, null)], diff);
    }

    [Fact]
    public void Compare_WindowsLineEndings_MatchUnixOnes()
    {
        var diff = LineDiff.Compare("a\r\nb\r\n", "a\nb\n");

        Assert.All(diff, line => Assert.Equal(DiffKind.Same, line.Kind));
        Assert.Equal(2, diff.Count);
    }

    [Fact]
    public void Compare_FormattedVersionsOfAConfig_ShowsOnlyTheChangedWeight()
    {
        var v1 = IndentedJson.Format(JsonText.Parse("""{"strategy":{"mode":"loadbalance"},"targets":[{"provider":"@a","weight":1},{"provider":"@b","weight":1}]}""").Value!.Value);
        var v2 = IndentedJson.Format(JsonText.Parse("""{ "strategy": { "mode": "loadbalance" }, "targets": [ { "provider": "@a", "weight": 1 }, { "provider": "@b", "weight": 3 } ] }""").Value!.Value);

        var changed = LineDiff.Compare(v1, v2).Where(l => l.Kind != DiffKind.Same).ToList();

        Assert.Equal([new DiffLine(DiffKind.Removed, "      \"weight\": 1", 12, null), new DiffLine(DiffKind.Added, "      \"weight\": 3", null, 12)], changed);
    }
}
