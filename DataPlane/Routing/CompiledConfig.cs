using DataPlane.Errors;
using DataPlane.Routing.Plans;

namespace DataPlane.Routing;

/// <summary>A config compiled for use, or the error every request that names it gets (kept, so a bad config is judged once).</summary>
internal sealed record CompiledConfig(RoutePlan? Plan, GatewayError? Error);
