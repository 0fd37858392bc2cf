using DataPlane.Caching;
using DataPlane.Providers;
using DataPlane.Routing.Resilience;
using Microsoft.Extensions.Options;

namespace DataPlane.Routing;

/// <summary>The singletons a route needs while it runs, in one reference per request.</summary>
internal sealed class RouteServices(
    ProviderRegistry providers,
    TargetBreakers breakers,
    ResponseCache cache,
    Governance.GovernanceGate governance,
    Guardrails.GuardrailEngine guardrails,
    TimeProvider time,
    IOptions<RoutingOptions> options)
{
    public ProviderRegistry Providers { get; } = providers;
    public TargetBreakers Breakers { get; } = breakers;
    public ResponseCache Cache { get; } = cache;
    public Governance.GovernanceGate Governance { get; } = governance;
    public Guardrails.GuardrailEngine Guardrails { get; } = guardrails;
    public TimeProvider Time { get; } = time;
    public RoutingOptions Options { get; } = options.Value;
}
