using DataPlane.Inference;
using DataPlane.Routing;
using DataPlane.Routing.Plans;
using DataPlane.Snapshots;

namespace DataPlane.Caching;

/// <summary>What the cache needs to look up (and later store) one target's answer.</summary>
/// <param name="Namespace">From <c>x-portkey-cache-namespace</c>; entries of different namespaces never meet.</param>
/// <param name="ForceRefresh">From <c>x-portkey-cache-force-refresh</c>: skip the read, store the fresh answer.</param>
internal sealed record CacheRequest(
    CachePolicy Policy,
    RouteTarget Target,
    InferenceRequest Request,
    RuntimeApiKey Key,
    RuntimeSnapshot Snapshot,
    string? Namespace,
    bool ForceRefresh);
