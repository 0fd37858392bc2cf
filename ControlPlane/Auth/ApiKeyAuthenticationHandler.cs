using System.Security.Claims;
using System.Text.Encodings.Web;
using Contracts.Security;
using ControlPlane.Catalog;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ControlPlane.Auth;

/// <summary>
/// Gateway API key in <c>x-portkey-api-key</c> or <c>Authorization: Bearer</c>; looked up by hash
/// (one indexed query per admin request is fine at admin-API rates).
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    CatalogDbContext db,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "x-portkey-api-key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = ReadKey(Request.Headers);
        if (string.IsNullOrEmpty(key))
        {
            return AuthenticateResult.NoResult();
        }

        var hash = ApiKeyHasher.Hash(key);
        var now = time.GetUtcNowForDb();
        // The previous secret of a rotated key keeps working until its grace period ends.
        var row = await db.ApiKeys.AsNoTracking()
            .Where(k => k.KeyHash == hash || (k.PreviousKeyHash == hash && k.PreviousKeyExpiresAt > now))
            .Select(k => new { k.Id, k.Type, k.WorkspaceId, k.Scopes, k.RevokedAt, k.ExpiresAt })
            .FirstOrDefaultAsync(Context.RequestAborted);
        if (row is null || row.RevokedAt is not null || row.ExpiresAt <= now)
        {
            // Same answer for unknown, revoked and expired: do not tell which.
            return AuthenticateResult.Fail("Invalid API key.");
        }

        var caller = new Caller(row.Id, row.Type, row.WorkspaceId, row.Scopes.ToHashSet(StringComparer.Ordinal));
        var identity = new ClaimsIdentity(caller.ToClaims(), SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    internal static string? ReadKey(IHeaderDictionary headers)
    {
        var direct = headers[HeaderName].ToString();
        if (!string.IsNullOrWhiteSpace(direct))
        {
            return direct.Trim();
        }

        var authorization = headers.Authorization.ToString();
        const string bearer = "Bearer ";
        return authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase)
            ? authorization[bearer.Length..].Trim()
            : null;
    }
}
