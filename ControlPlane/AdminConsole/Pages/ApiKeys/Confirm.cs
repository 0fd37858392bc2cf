namespace ControlPlane.AdminConsole.Pages.ApiKeys;

/// <summary>Which action of the key page is waiting for its confirming click.</summary>
internal enum Confirm
{
    None,
    Rotate,
    Revoke,
    Reset,
}
