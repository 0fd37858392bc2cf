using DataPlane.Errors;
using DataPlane.Governance.Budgets;
using DataPlane.Governance.RateLimits;
using DataPlane.Governance.Redis;
using DataPlane.Inference;
using DataPlane.Providers;
using DataPlane.Providers.Tokens;
using DataPlane.Routing;
using DataPlane.Snapshots;
using Microsoft.Extensions.Options;

namespace DataPlane.Governance;

/// <summary>
/// Where limits meet a request: the key's and workspace's rate limits once per request, then per target the provider's
/// rate limits and one budget reservation for every budget that applies; after the answer, the reservation is settled to
/// the actual usage and tokens are counted against token rate limits — off the client's path. Requests without limits
/// (most) cost nothing here. Redis unreachable: the workspace's policy decides (<c>fail_open</c>: rate limits fall back to
/// this replica's share, budgets admit and reconciliation catches up; <c>fail_closed</c>: 503).
/// </summary>
internal sealed class GovernanceGate(
    BudgetLedger budgets,
    RateLimiter rates,
    LocalRateLimits localRates,
    TokenCounter tokens,
    IOptions<GovernanceOptions> options,
    ILogger<GovernanceGate> logger)
{
    /// <summary>The key's and its workspace's rate limits; null when admitted.</summary>
    public async ValueTask<GatewayError?> AdmitRequestAsync(RuntimeApiKey key, CancellationToken cancellationToken)
    {
        if (!key.HasRateLimits)
        {
            return null;
        }

        return Decide(await rates.AcquireAsync(key.Limits, cancellationToken), key.Limits, key.FailClosed);
    }

    /// <summary>
    /// The target's provider rate limits, then the budget reservation (key, workspace, provider) at the target's price,
    /// kept on <paramref name="run"/> until <see cref="Complete"/> or <see cref="ReleaseAsync"/>. Null when admitted.
    /// </summary>
    public async ValueTask<GatewayError?> AdmitTargetAsync(RouteRun run, RouteTarget target, CancellationToken cancellationToken)
    {
        await ReleaseAsync(run, cancellationToken);
        var key = run.Key;
        var provider = target.Provider.Limits;
        if (provider is { RateLimits.Count: > 0 })
        {
            LimitSubject[] providerOnly = [provider];
            if (Decide(await rates.AcquireAsync(providerOnly, cancellationToken), providerOnly, key.FailClosed) is { } limited)
            {
                return limited;
            }
        }

        if (target.Provider.Limits is not { Budget: not null } && !key.HasBudgets)
        {
            return null; // most requests: nothing to reserve, nothing allocated
        }

        var subjects = BudgetSubjects(key, target.Provider);

        var reservation = await budgets.ReserveAsync(subjects, Estimate(run, target), cancellationToken);
        switch (reservation.Outcome)
        {
            case BudgetOutcome.Refused when reservation.RefusedSubject is { } refused:
                return GatewayError.BudgetExhausted(refused.Scope, refused.Name, refused.Budget!.Type);
            case BudgetOutcome.Unavailable when key.FailClosed:
                // The script may still have run after we stopped waiting: give back whatever it reserved.
                await budgets.ReleaseAsync(reservation, CancellationToken.None);
                return GatewayError.LimitsUnavailable();
            default:
                // Unavailable (fail open) too: admitted; settling records the spend once Redis answers, and removes the
                // reservation if the script ran after we stopped waiting for it.
                run.Reservation = reservation;
                return null;
        }
    }

    /// <summary>Gives back the reservation of a target that did not answer (a fallback may move on to the next).</summary>
    public async ValueTask ReleaseAsync(RouteRun run, CancellationToken cancellationToken)
    {
        if (run.Reservation is { } reservation)
        {
            run.Reservation = null;
            await budgets.ReleaseAsync(reservation, CancellationToken.None);
        }
    }

    /// <summary>
    /// The request is over: settle its reservation to the actual usage (nothing when it failed or was served from
    /// cache) and count its tokens against token rate limits. Runs in the background; never throws.
    /// </summary>
    public void Complete(RouteRun? run, RuntimeApiKey key, RuntimeProvider? provider, UsageReport usage, decimal costUsd, bool fromCache)
    {
        var reservation = run?.Reservation;
        var countTokens = !fromCache && usage.TotalTokens > 0 && (key.HasTokenRateLimits || provider?.Limits is { HasTokenRateLimits: true });
        if (reservation is null && !countTokens)
        {
            return;
        }

        if (run is not null)
        {
            run.Reservation = null;
        }

        var actual = fromCache ? default : new UsageAmount(usage.TotalTokens, NanoUsd(costUsd));
        _ = SettleAsync(reservation, actual, countTokens ? TokenSubjects(key, provider) : null, usage.TotalTokens);
    }

    private async Task SettleAsync(BudgetReservation? reservation, UsageAmount actual, IReadOnlyList<LimitSubject>? tokenSubjects, long tokenCount)
    {
        try
        {
            if (reservation is not null)
            {
                await budgets.SettleAsync(reservation, actual, CancellationToken.None);
            }

            if (tokenSubjects is not null)
            {
                localRates.RecordTokens(tokenSubjects, tokenCount);
                await rates.RecordTokensAsync(tokenSubjects, tokenCount, CancellationToken.None);
            }
        }
        catch (Exception ex)
        {
            Log.SettlementFailed(logger, ex);
        }
    }

    private GatewayError? Decide(RateDecision decision, IReadOnlyList<LimitSubject> subjects, bool failClosed)
    {
        if (decision.Outcome == RateOutcome.Unavailable)
        {
            if (failClosed)
            {
                return GatewayError.LimitsUnavailable();
            }

            decision = localRates.Acquire(subjects);
        }

        return decision.Outcome == RateOutcome.Limited && decision.Subject is { } subject && decision.Limit is { } limit
            ? GatewayError.RateLimited(subject.Scope, subject.Name, limit.Type, limit.Unit, limit.Value,
                Math.Max(1, (int)Math.Ceiling(decision.RetryAfter.TotalSeconds)))
            : null;
    }

    /// <summary>
    /// The worst case: the prompt's tokens (counted) plus <c>max_tokens</c> (or the configured default) of output,
    /// priced at the target's model.
    /// </summary>
    private UsageAmount Estimate(RouteRun run, RouteTarget target)
    {
        var request = run.Request;
        var prompt = tokens.CountPrompt(request);
        var output = request.Operation is InferenceOperation.ChatCompletions or InferenceOperation.Completions
            ? Math.Min(request.MaxTokens ?? options.Value.DefaultMaxOutputTokens, options.Value.MaxEstimatedOutputTokens)
            : 0;
        var cost = run.Snapshot.Prices.CostOf(target.Provider.Kind, target.Model, new UsageReport(prompt, output, 0, 0, null));
        return new UsageAmount(prompt + output, NanoUsd(cost.CostUsd));
    }

    private static long NanoUsd(decimal usd) => (long)Math.Ceiling(usd * Contracts.Limits.LimitUnits.NanoUsdPerUsd);

    private static List<LimitSubject> BudgetSubjects(RuntimeApiKey key, RuntimeProvider provider)
    {
        var subjects = new List<LimitSubject>(3);
        foreach (var subject in key.Limits)
        {
            if (subject.Budget is not null)
            {
                subjects.Add(subject);
            }
        }

        if (provider.Limits is { Budget: not null } own)
        {
            subjects.Add(own);
        }

        return subjects;
    }

    private static List<LimitSubject> TokenSubjects(RuntimeApiKey key, RuntimeProvider? provider)
    {
        var subjects = new List<LimitSubject>(3);
        subjects.AddRange(key.Limits.Where(s => s.HasTokenRateLimits));
        if (provider?.Limits is { HasTokenRateLimits: true } own)
        {
            subjects.Add(own);
        }

        return subjects;
    }
}
