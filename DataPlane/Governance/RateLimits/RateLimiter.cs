using System.Runtime.CompilerServices;
using DataPlane.Governance.Redis;
using StackExchange.Redis;

namespace DataPlane.Governance.RateLimits;

/// <summary>
/// Rate limits (<c>rate_limits</c>) as sliding windows in Redis, exact across replicas: one script decides every limit of a
/// request at once. Requests limits count the request when admitted; tokens limits admit while the window is not spent and
/// count the actual tokens after the response (<see cref="RecordTokensAsync"/>). Time comes from <see cref="TimeProvider"/>.
/// </summary>
internal sealed class RateLimiter(GovernanceRedis redis, TimeProvider time)
{
    /// <summary>Admits the request on every limit of <paramref name="subjects"/>, or on none (then nothing is counted).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<RateDecision> AcquireAsync(IReadOnlyList<LimitSubject> subjects, CancellationToken ct)
    {
        var targets = RateLimitTarget.Collect(subjects);
        if (targets.Count == 0)
        {
            return RateDecision.Admitted;
        }

        var keys = new RedisKey[targets.Count];
        var values = new RedisValue[1 + (3 * targets.Count)];
        values[0] = time.GetUtcNow().ToUnixTimeMilliseconds();
        for (var i = 0; i < targets.Count; i++)
        {
            var target = targets[i];
            keys[i] = target.Key;
            values[1 + (3 * i)] = target.CountsRequests ? "requests" : "tokens";
            values[2 + (3 * i)] = target.Limit.Value;
            values[3 + (3 * i)] = target.BucketMs;
        }

        var result = await redis.EvaluateAsync(RateLimitScripts.Acquire, keys, values, ct);
        if (result is null)
        {
            return RateDecision.Unavailable;
        }

        var answer = (RedisResult[])result!;
        var refused = (int)answer[0];
        if (refused == 0)
        {
            return RateDecision.Admitted;
        }

        var limited = targets[refused - 1];
        return RateDecision.Limited(limited.Subject, limited.Limit, (long)answer[1]);
    }

    /// <summary>Adds a response's <paramref name="tokens"/> to the current sub-bucket of every <c>tokens</c> limit of the subjects.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask RecordTokensAsync(IReadOnlyList<LimitSubject> subjects, long tokens, CancellationToken ct)
    {
        if (tokens <= 0)
        {
            return;
        }

        var targets = RateLimitTarget.Collect(subjects, tokensOnly: true);
        if (targets.Count == 0)
        {
            return;
        }

        var keys = new RedisKey[targets.Count];
        var values = new RedisValue[2 + targets.Count];
        values[0] = time.GetUtcNow().ToUnixTimeMilliseconds();
        values[1] = tokens;
        for (var i = 0; i < targets.Count; i++)
        {
            keys[i] = targets[i].Key;
            values[2 + i] = targets[i].BucketMs;
        }

        // Retried off the request's path; a try that ran but answered too late counts twice (an over-count, never an under-count).
        await redis.EvaluateInBackgroundAsync(RateLimitScripts.RecordTokens, keys, values, ct);
    }
}
