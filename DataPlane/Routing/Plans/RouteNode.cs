using DataPlane.Providers;

namespace DataPlane.Routing.Plans;

/// <summary>
/// One node of a compiled routing config: a target (a provider call) or a strategy over child nodes. Compiled once
/// per config version (immutable, shared by every request); <see cref="RunAsync"/> is the per-request work.
/// </summary>
internal abstract class RouteNode(string optionIndex, string? name, double weight)
{
    /// <summary>Where this node sits, as Portkey reports it: <c>config</c>, <c>config.targets[1].targets[0]</c>.</summary>
    public string OptionIndex { get; } = optionIndex;

    /// <summary>The name conditions refer to it by.</summary>
    public string? Name { get; } = name;

    /// <summary>Load-balancing weight; 0 is never chosen.</summary>
    public double Weight { get; } = weight;

    /// <summary>A response not yet written, or an error value; throws only when the client cancels.</summary>
    public abstract ValueTask<ProviderResult> RunAsync(RouteRun run, CancellationToken cancellationToken);
}
