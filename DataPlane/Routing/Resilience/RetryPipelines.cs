using DataPlane.Providers;
using DataPlane.Routing.Plans;
using Polly;
using Polly.Retry;

namespace DataPlane.Routing.Resilience;

/// <summary>
/// A config's <c>retry</c> as a Polly retry pipeline, built once per compiled config: exponential backoff with jitter,
/// retrying the statuses in <c>on_status_codes</c> and answers that never came (unreachable upstream); with
/// <c>use_retry_after_header</c>, the upstream's <c>retry-after-ms</c>/<c>Retry-After</c> sets the wait, and one
/// longer than <see cref="RoutingOptions.MaxRetryAfterMs"/> ends the retries, as does the target's breaker opening.
/// </summary>
internal static class RetryPipelines
{
    public static ResiliencePipeline<ProviderResult>? Build(RetryPolicy? policy, RoutingOptions options, TimeProvider time)
    {
        if (policy is not { Attempts: > 0 })
        {
            return null;
        }

        var maxRetryAfter = TimeSpan.FromMilliseconds(options.MaxRetryAfterMs);
        return new ResiliencePipelineBuilder<ProviderResult> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<ProviderResult>
            {
                MaxRetryAttempts = policy.Attempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(options.RetryBaseDelayMs),
                MaxDelay = TimeSpan.FromMilliseconds(options.RetryMaxDelayMs),
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Result.Error is { } error
                    && error.Code != "circuit_open" // an open breaker is not retried: the target is out for its cooldown
                    && (policy.OnStatusCodes.Contains(error.Status) || error.Code == "upstream_unreachable")
                    && !(policy.UseRetryAfterHeader && error.RetryDelay > maxRetryAfter)),
                DelayGenerator = args => ValueTask.FromResult(
                    policy.UseRetryAfterHeader && args.Outcome.Result.Error?.RetryDelay is { } asked ? asked : (TimeSpan?)null),
            })
            .Build();
    }
}
