namespace ControlPlane.AdminConsole.Pages.Configs;

/// <summary>One line of a diff, with its 1-based number in the older and/or the newer text.</summary>
public sealed record DiffLine(DiffKind Kind, string Text, int? OldNumber, int? NewNumber);
