using System.Security.Claims;
using ControlPlane.Auth;

namespace ControlPlane.Tests;

public sealed class CallerTests
{
    private static readonly Guid Own = Guid.NewGuid();
    private static readonly Guid Other = Guid.NewGuid();

    private static Caller WorkspaceCaller(params string[] scopes) => new(Guid.NewGuid(), "workspace", Own, scopes.ToHashSet());

    [Fact]
    public void ClaimsRoundTrip_KeepsIdentityWorkspaceAndScopes()
    {
        var caller = WorkspaceCaller("providers.read", "logs.view");
        var principal = new ClaimsPrincipal(new ClaimsIdentity(caller.ToClaims(), "ApiKey"));
        var back = Caller.From(principal)!;
        Assert.Equal((caller.KeyId, caller.Type, caller.WorkspaceId), (back.KeyId, back.Type, back.WorkspaceId));
        Assert.Equal(caller.Scopes.Order(), back.Scopes.Order());
    }

    [Fact]
    public void From_Anonymous_IsNull() => Assert.Null(Caller.From(new ClaimsPrincipal(new ClaimsIdentity())));

    [Fact]
    public void HasScope_OnlyForGrantedScopes()
    {
        var caller = WorkspaceCaller("providers.read");
        Assert.True(caller.HasScope("providers.read"));
        Assert.False(caller.HasScope("providers.write"));
    }

    [Fact]
    public void WorkspaceKey_SeesOwnAndSharedButNotOtherWorkspaces()
    {
        var caller = WorkspaceCaller();
        Assert.True(caller.CanSee(Own));
        Assert.True(caller.CanSee(null));
        Assert.False(caller.CanSee(Other));
    }

    [Fact]
    public void WorkspaceKey_ChangesOnlyOwnWorkspaceObjects()
    {
        var caller = WorkspaceCaller();
        Assert.True(caller.CanChange(Own));
        Assert.False(caller.CanChange(null));
        Assert.False(caller.CanChange(Other));
    }

    [Fact]
    public void OrganisationKey_SeesAndChangesEverything()
    {
        var caller = new Caller(Guid.NewGuid(), "organisation", null, new HashSet<string>());
        Assert.True(caller.CanSee(Other) && caller.CanChange(Other) && caller.CanChange(null));
    }
}
