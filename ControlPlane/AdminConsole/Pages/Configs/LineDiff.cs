using DiffPlex;
using DiffPlex.Chunkers;
using DiffPlex.Model;

namespace ControlPlane.AdminConsole.Pages.Configs;

/// <summary>A line diff of two texts (DiffPlex's Myers diff), as the console shows it: removed lines before the added ones.</summary>
internal static class LineDiff
{
    private static readonly Differ Differ = new();

    public static IReadOnlyList<DiffLine> Compare(string older, string newer)
    {
        var oldLines = Lines(older);
        var newLines = Lines(newer);
        if (oldLines.Length == 0 || newLines.Length == 0)
        {
            // Nothing to line up against: every line is only on one side.
            return
            [
                .. oldLines.Select((line, i) => new DiffLine(DiffKind.Removed, line, i + 1, null)),
                .. newLines.Select((line, i) => new DiffLine(DiffKind.Added, line, null, i + 1)),
            ];
        }

        // Whitespace counts: indentation is normalised before comparing, so what differs is content.
        var result = Differ.CreateDiffs(string.Join('\n', oldLines), string.Join('\n', newLines),
            ignoreWhiteSpace: false, ignoreCase: false, LineChunker.Instance);

        var lines = new List<DiffLine>(oldLines.Length + newLines.Length);
        int oldIndex = 0, newIndex = 0;
        foreach (var block in result.DiffBlocks)
        {
            CopySame(block.DeleteStartA, block.InsertStartB);
            for (var i = 0; i < block.DeleteCountA; i++, oldIndex++)
            {
                lines.Add(new DiffLine(DiffKind.Removed, oldLines[oldIndex], oldIndex + 1, null));
            }

            for (var i = 0; i < block.InsertCountB; i++, newIndex++)
            {
                lines.Add(new DiffLine(DiffKind.Added, newLines[newIndex], null, newIndex + 1));
            }
        }

        CopySame(oldLines.Length, newLines.Length);
        return lines;

        void CopySame(int oldEnd, int newEnd)
        {
            while (oldIndex < oldEnd && newIndex < newEnd)
            {
                lines.Add(new DiffLine(DiffKind.Same, oldLines[oldIndex], oldIndex + 1, newIndex + 1));
                oldIndex++;
                newIndex++;
            }
        }
    }

    private static string[] Lines(string text) =>
        text.Length == 0 ? [] : text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
}
