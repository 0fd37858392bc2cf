using System.Security.Claims;
using ControlPlane.Catalog;

namespace ControlPlane.Auth;

/// <summary>The API key behind a request: who it is, which workspace it is bound to, what it may do.</summary>
internal sealed record Caller(Guid KeyId, string Type, Guid? WorkspaceId, IReadOnlySet<string> Scopes)
{
    public const string ScopeClaim = "scope";
    public const string TypeClaim = "key_type";
    public const string WorkspaceClaim = "workspace_id";

    /// <summary>Organisation keys see every workspace; workspace keys only their own.</summary>
    public bool IsOrganisation => Type == ApiKeyTypes.Organisation;

    public bool HasScope(string scope) => Scopes.Contains(scope);

    /// <summary>Whether an object bound to <paramref name="workspaceId"/> (null: shared) is visible.</summary>
    public bool CanSee(Guid? workspaceId) => IsOrganisation || workspaceId is null || workspaceId == WorkspaceId;

    /// <summary>Whether an object bound to <paramref name="workspaceId"/> may be changed (shared ones: organisation keys only).</summary>
    public bool CanChange(Guid? workspaceId) => IsOrganisation || (workspaceId is not null && workspaceId == WorkspaceId);

    public IEnumerable<Claim> ToClaims()
    {
        yield return new Claim(ClaimTypes.NameIdentifier, KeyId.ToString());
        yield return new Claim(TypeClaim, Type);
        if (WorkspaceId is { } workspaceId)
        {
            yield return new Claim(WorkspaceClaim, workspaceId.ToString());
        }

        foreach (var scope in Scopes)
        {
            yield return new Claim(ScopeClaim, scope);
        }
    }

    /// <summary>Null when the principal was not authenticated by an API key.</summary>
    public static Caller? From(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true
            || !Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var keyId)
            || user.FindFirstValue(TypeClaim) is not { } type)
        {
            return null;
        }

        Guid? workspaceId = Guid.TryParse(user.FindFirstValue(WorkspaceClaim), out var w) ? w : null;
        var scopes = user.FindAll(ScopeClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return new Caller(keyId, type, workspaceId, scopes);
    }

    /// <summary>For handlers behind <c>RequireAuthorization</c>, where a caller always exists.</summary>
    public static Caller Require(ClaimsPrincipal user) =>
        From(user) ?? throw new InvalidOperationException("The endpoint requires an authenticated API key.");
}
