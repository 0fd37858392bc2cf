namespace ControlPlane.AdminConsole.Pages.Overview;

/// <summary>What the overview reads of an API key: its name, for the top keys.</summary>
public sealed record ApiKeyItem(Guid Id, string Name);
