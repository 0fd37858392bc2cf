using DataPlane.Routing.CircuitBreakers;
using DataPlane.Routing.Plans;

namespace DataPlane.Routing.Resilience;

/// <summary>
/// Circuit breakers as routing sees them: keyed by config and target (<see cref="RouteRun.BreakerKey"/>), and
/// consulted only for targets whose config has <c>cb_config</c> — everything else never touches Redis.
/// </summary>
internal sealed class TargetBreakers(CircuitBreakerStore store)
{
    public ValueTask<bool> IsOpenAsync(RouteRun run, TargetNode target, CancellationToken cancellationToken) =>
        target.Settings.Breaker is { } policy ? store.IsOpenAsync(run.BreakerKey(target), policy, cancellationToken) : ValueTask.FromResult(false);

    /// <param name="status">The answer's status, or null for none (unreachable, timed out).</param>
    public ValueTask RecordAsync(RouteRun run, TargetNode target, int? status, CancellationToken cancellationToken) =>
        target.Settings.Breaker is { } policy ? store.RecordAsync(run.BreakerKey(target), policy, status, cancellationToken) : ValueTask.CompletedTask;

    public async ValueTask<bool[]?> OpenAmongAsync(RouteRun run, RouteNode[] targets, CancellationToken cancellationToken)
    {
        List<string>? keys = null;
        List<BreakerPolicy>? policies = null;
        List<int>? positions = null;
        for (var i = 0; i < targets.Length; i++)
        {
            if (targets[i] is TargetNode { Settings.Breaker: { } policy } target)
            {
                (keys ??= []).Add(run.BreakerKey(target));
                (policies ??= []).Add(policy);
                (positions ??= []).Add(i);
            }
        }

        if (keys is null)
        {
            return null;
        }

        // Only a peek: the target drawn takes its half-open probe itself, so an undrawn one does not lose its probe.
        var open = await store.AreOpenAsync(keys, policies!, cancellationToken, takeProbes: false);
        var result = new bool[targets.Length];
        for (var i = 0; i < positions!.Count; i++)
        {
            result[positions[i]] = open[i];
        }

        return result;
    }
}
