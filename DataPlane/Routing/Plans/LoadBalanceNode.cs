using System.Runtime.CompilerServices;
using DataPlane.Providers;

namespace DataPlane.Routing.Plans;

/// <summary>
/// <c>loadbalance</c>: one target per request, chosen at random in proportion to its weight (weight 0: never).
/// Targets whose breaker is open are left out of the draw while they cool down.
/// </summary>
internal sealed class LoadBalanceNode(string optionIndex, string? name, double weight, RouteNode[] targets)
    : RouteNode(optionIndex, name, weight)
{
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<ProviderResult> RunAsync(RouteRun run, CancellationToken cancellationToken)
    {
        var open = await run.OpenBreakersAsync(targets, cancellationToken);
        var total = 0.0;
        for (var i = 0; i < targets.Length; i++)
        {
            total += open?[i] == true ? 0 : targets[i].Weight;
        }

        if (total <= 0)
        {
            // Every target with weight is cooling down: let the first one say so (an error the caller can fall back on).
            return await Array.Find(targets, t => t.Weight > 0)!.RunAsync(run, cancellationToken);
        }

        var draw = Random.Shared.NextDouble() * total;
        for (var i = 0; i < targets.Length; i++)
        {
            var share = open?[i] == true ? 0 : targets[i].Weight;
            if (draw < share)
            {
                return await targets[i].RunAsync(run, cancellationToken);
            }

            draw -= share;
        }

        // Rounding left the draw past the end: the last target with weight takes it.
        return await targets.Last(t => t.Weight > 0).RunAsync(run, cancellationToken);
    }
}
