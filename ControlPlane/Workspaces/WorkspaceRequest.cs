namespace ControlPlane.Workspaces;

/// <summary>Body of POST /v1/admin/workspaces.</summary>
internal sealed record WorkspaceRequest
{
    public string? Name { get; init; }
    public string? Slug { get; init; }
    public WorkspaceDefaults? Defaults { get; init; }
}
