using System.Runtime.CompilerServices;
using System.Collections.Frozen;
using DataPlane.Errors;
using DataPlane.Providers;
using Polly;
using Polly.Fallback;

namespace DataPlane.Routing.Plans;

/// <summary>
/// <c>fallback</c>: the targets in order, the next one taken when the current one fails — a non-2xx answer (only the
/// statuses in <c>on_status_codes</c> when given), no answer at all (unreachable, timed out), or an open breaker.
/// Built as a chain of Polly fallback strategies, one per target but the last, each falling back to the rest.
/// </summary>
internal sealed class FallbackNode : RouteNode
{
    private readonly RouteNode[] _targets;
    private readonly ResiliencePipeline<ProviderResult>[] _chain;

    public FallbackNode(string optionIndex, string? name, double weight, RouteNode[] targets, FrozenSet<int>? onStatusCodes, TimeProvider time)
        : base(optionIndex, name, weight)
    {
        _targets = targets;
        _chain = new ResiliencePipeline<ProviderResult>[targets.Length - 1];
        for (var i = 0; i < _chain.Length; i++)
        {
            var next = i + 1;
            _chain[i] = new ResiliencePipelineBuilder<ProviderResult> { TimeProvider = time }
                .AddFallback(new FallbackStrategyOptions<ProviderResult>
                {
                    ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result.Error is { } error && FallsBack(error, onStatusCodes)),
                    FallbackAction = async args => Outcome.FromResult(await RunFromAsync(next, args.Context)),
                })
                .Build();
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<ProviderResult> RunAsync(RouteRun run, CancellationToken cancellationToken)
    {
        var resilience = ResilienceContextPool.Shared.Get(cancellationToken);
        resilience.Properties.Set(RouteRun.PropertyKey, run);
        try
        {
            return await RunFromAsync(0, resilience);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(resilience);
        }
    }

    private static bool FallsBack(GatewayError error, FrozenSet<int>? onStatusCodes) =>
        onStatusCodes is null || onStatusCodes.Contains(error.Status) || error.IsConnectionFailure;

    private ValueTask<ProviderResult> RunFromAsync(int index, ResilienceContext resilience)
    {
        var run = resilience.Properties.GetValue(RouteRun.PropertyKey, null!);
        return index == _targets.Length - 1
            ? _targets[index].RunAsync(run, resilience.CancellationToken)
            : _chain[index].ExecuteAsync(
                static (resilience, state) => state.Target.RunAsync(state.Run, resilience.CancellationToken),
                resilience,
                (Target: _targets[index], Run: run));
    }
}
