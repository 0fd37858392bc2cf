using System.Collections.Frozen;

namespace DataPlane.Routing.Plans;

/// <summary>A target's effective <c>retry</c>: up to <see cref="Attempts"/> retries after the first try.</summary>
internal sealed record RetryPolicy(int Attempts, FrozenSet<int> OnStatusCodes, bool UseRetryAfterHeader)
{
    public static readonly FrozenSet<int> DefaultStatusCodes = FrozenSet.ToFrozenSet([429, 500, 502, 503, 504]);
}
