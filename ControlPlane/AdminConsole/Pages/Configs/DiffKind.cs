namespace ControlPlane.AdminConsole.Pages.Configs;

/// <summary>What a diff line is: in both texts, only in the newer (added), only in the older (removed).</summary>
public enum DiffKind
{
    Same,
    Added,
    Removed,
}
