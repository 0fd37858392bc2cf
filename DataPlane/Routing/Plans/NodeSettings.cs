using System.Collections.Frozen;
using System.Text.Json;

namespace DataPlane.Routing.Plans;

/// <summary>
/// What a node inherits and passes on (contract §4): a child keeps the parent's retry, cache, request timeout and
/// breaker unless it sets its own; <c>override_params</c> merge, the child winning.
/// </summary>
internal sealed record NodeSettings(
    RetryPolicy? Retry,
    CachePolicy? Cache,
    int? RequestTimeoutMs,
    BreakerPolicy? Breaker,
    FrozenDictionary<string, JsonElement> OverrideParams)
{
    public static readonly NodeSettings None = new(null, null, null, null, FrozenDictionary<string, JsonElement>.Empty);
}
