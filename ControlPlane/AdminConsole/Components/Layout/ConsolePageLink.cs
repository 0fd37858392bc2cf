namespace ControlPlane.AdminConsole.Components.Layout;

/// <summary>One entry of the console's navigation: a base-relative address, its title, the scope it needs.</summary>
internal sealed record ConsolePageLink(string Href, string Title, string Scope);
