using DataPlane.Providers;

namespace DataPlane.Routing.Plans;

/// <summary><c>single</c> with targets: the first target (the others are ignored, as in Portkey).</summary>
internal sealed class SingleNode(string optionIndex, string? name, double weight, RouteNode target) : RouteNode(optionIndex, name, weight)
{
    public override ValueTask<ProviderResult> RunAsync(RouteRun run, CancellationToken cancellationToken) =>
        target.RunAsync(run, cancellationToken);
}
