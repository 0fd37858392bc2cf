using ControlPlane.Limits;
using Microsoft.AspNetCore.Http.HttpResults;
using StackExchange.Redis;

namespace ControlPlane.Governance;

/// <summary>The shared part of the three <c>…/usage/reset</c> routes, once the route has found the object and checked access.</summary>
internal static class UsageReset
{
    public static async Task<Results<Ok<UsageLimitsResponse>, ProblemHttpResult>> ResetAsync(
        UsageLimits? limits, string scope, Guid id, BudgetResetter resetter, BudgetReader budgets, CancellationToken cancellationToken)
    {
        if (limits is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No usage limits",
                detail: "The object has no usage_limits, so there is no budget to reset.");
        }

        var budget = new BudgetRef(scope, id, limits.PeriodicReset);
        try
        {
            await resetter.ResetAsync(budget, cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Budget store unavailable",
                detail: "Redis, which holds the budget counters, did not answer; try again.");
        }

        return TypedResults.Ok(UsageLimitsResponse.From(limits, await budgets.ReadOneAsync(budget, cancellationToken))!);
    }
}
