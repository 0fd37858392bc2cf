using System.Runtime.CompilerServices;
using DataPlane.Routing.Plans;
using StackExchange.Redis;

namespace DataPlane.Routing.CircuitBreakers;

/// <summary>
/// Circuit breakers whose state lives in Redis, so every data-plane replica sees the same breaker.
/// Time comes from <see cref="TimeProvider"/> (passed to the scripts as Unix ms), so tests control it; replicas are
/// assumed NTP-synced, and any skew between them only shifts a cooldown by that skew. Key TTLs (garbage collection only)
/// run on Redis's own clock and are far longer than any cooldown.
/// Redis down or slow: every breaker counts as closed (never block traffic on Redis), each call bounded by
/// <see cref="RedisTimeout"/>, logged once per outage.
/// </summary>
internal sealed class CircuitBreakerStore(IConnectionMultiplexer redis, TimeProvider time, ILogger<CircuitBreakerStore> logger)
{
    /// <summary>The longest a request waits on Redis for a breaker; SE.Redis would otherwise queue a command for seconds.</summary>
    public static readonly TimeSpan RedisTimeout = TimeSpan.FromMilliseconds(250);

    // One hash tag for every breaker: they share a cluster slot, so one script may read several (AreOpenAsync).
    private static readonly RedisKey KeyPrefix = "{cb}:"u8.ToArray();

    // How long an untouched breaker stays in Redis beyond its cooldown and probe lease.
    private const long IdleTtlMs = 60 * 60 * 1000;

    private int _inOutage;

    /// <summary>The Redis key of a breaker (for tests and diagnostics).</summary>
    public static RedisKey KeyOf(string targetKey) => new RedisKey(targetKey).Prepend(KeyPrefix);

    /// <summary>
    /// True when the target must be skipped now. Closed → false; open (cooldown running) → true; cooldown over (half-open) →
    /// false for exactly one caller across all replicas (the probe, leased for one cooldown so a lost probe cannot wedge
    /// the breaker), true for the others until the probe is recorded or its lease runs out.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> IsOpenAsync(string targetKey, BreakerPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetKey);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var result = await EvaluateAsync(
            CircuitBreakerScripts.Check,
            [KeyOf(targetKey)],
            [now, now + LeaseMs(policy), TtlMs(policy)],
            cancellationToken);
        return result is not null && (long)result != 0;
    }

    /// <summary>
    /// <see cref="IsOpenAsync"/> for several targets in one round trip: result[i] for targetKeys[i].
    /// With <paramref name="takeProbes"/>, every half-open target without a live probe is leased to this caller (a lease the
    /// caller does not use keeps that target skipped until the lease, one cooldown, runs out); without, a half-open target
    /// only reads as not open and its probe stays for whoever calls it (<see cref="IsOpenAsync"/>) — what a load balancer wants.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool[]> AreOpenAsync(
        IReadOnlyList<string> targetKeys, IReadOnlyList<BreakerPolicy> policies, CancellationToken cancellationToken, bool takeProbes = true)
    {
        if (targetKeys.Count != policies.Count)
        {
            throw new ArgumentException("One policy per target key is required.", nameof(policies));
        }

        var open = new bool[targetKeys.Count];
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        for (var start = 0; start < open.Length; start += CircuitBreakerScripts.MaxKeysPerCheck)
        {
            var count = Math.Min(CircuitBreakerScripts.MaxKeysPerCheck, open.Length - start);
            var keys = new RedisKey[count];
            var values = new RedisValue[1 + (2 * count)];
            values[0] = now;
            for (var i = 0; i < count; i++)
            {
                ArgumentException.ThrowIfNullOrEmpty(targetKeys[start + i], nameof(targetKeys));
                var policy = policies[start + i];
                keys[i] = KeyOf(targetKeys[start + i]);
                values[1 + (2 * i)] = takeProbes ? now + LeaseMs(policy) : 0;
                values[2 + (2 * i)] = TtlMs(policy);
            }

            var result = await EvaluateAsync(CircuitBreakerScripts.Check, keys, values, cancellationToken);
            if (result is null)
            {
                return open; // Fail open: what is not known counts as closed.
            }

            var mask = (long)result;
            for (var i = 0; i < count; i++)
            {
                open[start + i] = (mask & (1L << i)) != 0;
            }
        }

        return open;
    }

    /// <summary>
    /// Records an attempt's outcome: <paramref name="status"/> is the answer's status, or null when there was none
    /// (connection failure, timeout), which is a failure. Failures are statuses in the policy's failure codes; any other
    /// answer is a success. A failure counts towards the threshold, or re-opens a half-open breaker at once; a success
    /// closes the breaker (but does not cut an open breaker's cooldown short).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask RecordAsync(string targetKey, BreakerPolicy policy, int? status, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetKey);
        var failure = status is not { } answered || policy.IsFailure(answered);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await EvaluateAsync(
            CircuitBreakerScripts.Record,
            [KeyOf(targetKey)],
            [now, failure ? 1 : 0, Math.Max(1, policy.FailureThreshold), now + CooldownMs(policy), TtlMs(policy)],
            cancellationToken);
    }

    private static long CooldownMs(BreakerPolicy policy) => Math.Max(0, (long)policy.Cooldown.TotalMilliseconds);

    // A probe that never reports back counts as a failed one: the target waits one more cooldown.
    private static long LeaseMs(BreakerPolicy policy) => CooldownMs(policy);

    private static long TtlMs(BreakerPolicy policy) => (2 * CooldownMs(policy)) + IdleTtlMs;

    /// <returns>The script's result, or null when Redis is unavailable, slow or failing (the caller fails open).</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<RedisResult?> EvaluateAsync(string script, RedisKey[] keys, RedisValue[] values, CancellationToken cancellationToken)
    {
        if (!redis.IsConnected)
        {
            NoteOutage("NotConnected", "no connection to Redis");
            return null;
        }

        Task<RedisResult>? call = null;
        try
        {
            call = redis.GetDatabase().ScriptEvaluateAsync(script, keys, values);
            var result = call.IsCompleted ? await call : await call.WaitAsync(RedisTimeout, cancellationToken);
            if (Volatile.Read(ref _inOutage) != 0 && Interlocked.Exchange(ref _inOutage, 0) != 0)
            {
                Log.BreakerRedisRecovered(logger);
            }

            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A call we stopped waiting for may still fail later: observe it so it is not an unobserved task exception.
            if (call is { IsCompleted: false })
            {
                _ = call.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            NoteOutage(ex.GetType().Name, ex.Message);
            return null;
        }
    }

    private void NoteOutage(string errorType, string reason)
    {
        if (Volatile.Read(ref _inOutage) == 0 && Interlocked.Exchange(ref _inOutage, 1) == 0)
        {
            Log.BreakerRedisUnavailable(logger, errorType, reason);
        }
    }
}
