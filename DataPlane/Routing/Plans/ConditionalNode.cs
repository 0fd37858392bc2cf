using DataPlane.Errors;
using DataPlane.Providers;
using DataPlane.Routing.Conditions;

namespace DataPlane.Routing.Plans;

/// <summary>
/// <c>conditional</c>: the first condition whose query matches the request (metadata, params, url.pathname) names the
/// target; none matching goes to <c>default</c>, and without one the request is refused (400), never sent anywhere at random.
/// </summary>
internal sealed class ConditionalNode(string optionIndex, string? name, double weight, ConditionalNode.Branch[] branches, RouteNode? fallback)
    : RouteNode(optionIndex, name, weight)
{
    public override ValueTask<ProviderResult> RunAsync(RouteRun run, CancellationToken cancellationToken)
    {
        var input = run.Conditions;
        foreach (var branch in branches)
        {
            if (branch.Query.Matches(input))
            {
                return branch.Target.RunAsync(run, cancellationToken);
            }
        }

        return fallback is not null
            ? fallback.RunAsync(run, cancellationToken)
            : ValueTask.FromResult<ProviderResult>(GatewayError.NoConditionMatched(OptionIndex));
    }

    public sealed record Branch(ConditionQuery Query, RouteNode Target);
}
