namespace Contracts.Snapshots;

public sealed record WorkspaceEntry(Guid Id, string Slug, string Name);
