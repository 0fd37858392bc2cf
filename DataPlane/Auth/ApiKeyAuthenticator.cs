using Contracts.Security;
using DataPlane.Errors;
using DataPlane.Snapshots;

namespace DataPlane.Auth;

/// <summary>Key hash → snapshot entry; no database, no network.</summary>
internal static class ApiKeyAuthenticator
{
    /// <returns>The key, or null with <paramref name="error"/> set (401).</returns>
    public static RuntimeApiKey? Authenticate(string? presentedKey, RuntimeSnapshot snapshot, DateTimeOffset now, out GatewayError? error)
    {
        if (string.IsNullOrEmpty(presentedKey))
        {
            error = GatewayError.MissingApiKey();
            return null;
        }

        if (!snapshot.VerifiedKeys.TryGetValue(presentedKey, out var key))
        {
            if (!snapshot.KeysByHash.TryGetValue(ApiKeyHasher.Hash(presentedKey), out key))
            {
                error = GatewayError.InvalidApiKey();
                return null;
            }

            snapshot.VerifiedKeys.TryAdd(presentedKey, key);
        }

        if (key.ExpiresAt is { } expiresAt && expiresAt <= now)
        {
            error = GatewayError.ExpiredApiKey();
            return null;
        }

        error = null;
        return key;
    }

    /// <returns>Null when the key holds <paramref name="scope"/>, else the 403.</returns>
    public static GatewayError? RequireScope(RuntimeApiKey key, string scope) =>
        key.Scopes.Contains(scope) ? null : GatewayError.MissingScope(scope);
}
