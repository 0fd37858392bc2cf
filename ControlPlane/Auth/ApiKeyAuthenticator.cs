using Contracts.Security;
using ControlPlane.Catalog;
using Microsoft.EntityFrameworkCore;

namespace ControlPlane.Auth;

/// <summary>
/// Turns a gateway API key into its <see cref="Caller"/>: looked up by hash (one indexed query, fine at admin
/// rates). Shared by the admin API's header scheme and the console's cookie, so both answer the same.
/// </summary>
internal sealed class ApiKeyAuthenticator(CatalogDbContext db, TimeProvider time)
{
    /// <summary>Null for an unknown, revoked or expired key: callers must not tell which.</summary>
    public async Task<Caller?> AuthenticateAsync(string key, CancellationToken cancellationToken)
    {
        var hash = ApiKeyHasher.Hash(key);
        var now = time.GetUtcNowForDb();
        // The previous secret of a rotated key keeps working until its grace period ends.
        var row = await db.ApiKeys.AsNoTracking()
            .Where(k => k.KeyHash == hash || (k.PreviousKeyHash == hash && k.PreviousKeyExpiresAt > now))
            .Select(k => new { k.Id, k.Type, k.WorkspaceId, k.Scopes, k.RevokedAt, k.ExpiresAt })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null || row.RevokedAt is not null || row.ExpiresAt <= now
            ? null
            : new Caller(row.Id, row.Type, row.WorkspaceId, row.Scopes.ToHashSet(StringComparer.Ordinal));
    }
}
