using System.Collections.Frozen;

namespace DataPlane.Routing.Plans;

/// <summary>
/// A target's effective <c>cb_config</c>: after <see cref="FailureThreshold"/> failures in a row (answers whose status is in
/// <see cref="FailureStatusCodes"/>, or no answer at all) the target is skipped for <see cref="Cooldown"/>; then one probe
/// is let through (half-open): success closes the breaker, failure opens it again.
/// </summary>
internal sealed record BreakerPolicy(int FailureThreshold, TimeSpan Cooldown, FrozenSet<int> FailureStatusCodes)
{
    public static readonly FrozenSet<int> DefaultFailureStatusCodes = FrozenSet.ToFrozenSet([500, 502, 503, 504]);

    public bool IsFailure(int status) => FailureStatusCodes.Contains(status);
}
