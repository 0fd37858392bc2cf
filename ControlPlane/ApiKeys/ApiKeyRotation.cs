using Contracts.Security;
using ControlPlane.Catalog;

namespace ControlPlane.ApiKeys;

/// <summary>A new secret for a key; the old one stops at once or at the end of a grace period.</summary>
internal static class ApiKeyRotation
{
    public const int MaxGracePeriodSeconds = 86_400;

    /// <returns>The new secret, to be shown once.</returns>
    public static string Rotate(ApiKey key, int gracePeriodSeconds, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(gracePeriodSeconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(gracePeriodSeconds, MaxGracePeriodSeconds);
        var secret = ApiKeyHasher.NewKey();
        if (gracePeriodSeconds > 0)
        {
            // Only the secret just replaced stays valid: a second rotation ends an earlier grace period.
            var graceEnd = now.AddSeconds(gracePeriodSeconds);
            key.PreviousKeyHash = key.KeyHash;
            key.PreviousKeyExpiresAt = key.ExpiresAt < graceEnd ? key.ExpiresAt : graceEnd;
        }
        else
        {
            key.PreviousKeyHash = null;
            key.PreviousKeyExpiresAt = null;
        }

        key.KeyHash = ApiKeyHasher.Hash(secret);
        key.UpdatedAt = now;
        return secret;
    }
}
