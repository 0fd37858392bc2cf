namespace ControlPlane.AdminConsole.Pages.Configs;

/// <summary>Where the JSON in an editor stops being JSON: 1-based line and column (in characters), and why.</summary>
public sealed record JsonSyntaxError(int Line, int Column, string Reason)
{
    public override string ToString() => $"line {Line}, column {Column}: {Reason}";
}
