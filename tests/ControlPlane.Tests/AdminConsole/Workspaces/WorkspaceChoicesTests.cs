using ControlPlane.AdminConsole.Workspaces;

namespace ControlPlane.Tests.AdminConsole.Workspaces;

public sealed class WorkspaceChoicesTests
{
    private static readonly WorkspaceChoice Team = new(Guid.NewGuid(), "team", "Team");

    [Fact]
    public void NameOrId_ListedWorkspace_IsItsName()
    {
        Assert.Equal("Team", WorkspaceChoices.NameOrId([Team], Team.Id));
        Assert.Equal("Team", WorkspaceChoices.NameOrId([Team], (Guid?)Team.Id, "shared"));
    }

    [Fact]
    public void NameOrId_UnlistedWorkspace_IsItsId()
    {
        var other = Guid.NewGuid();

        Assert.Equal(other.ToString(), WorkspaceChoices.NameOrId([Team], other));
        Assert.Equal(other.ToString(), WorkspaceChoices.NameOrId([], other));
    }

    [Fact]
    public void NameOrId_NoWorkspace_IsThePagesWords()
    {
        Assert.Equal("Organisation-wide", WorkspaceChoices.NameOrId([Team], null, "Organisation-wide"));
    }

    [Fact]
    public void Find_ReturnsTheListedWorkspaceOrNull()
    {
        Assert.Same(Team, WorkspaceChoices.Find([Team], Team.Id));
        Assert.Null(WorkspaceChoices.Find([Team], Guid.NewGuid()));
    }
}
