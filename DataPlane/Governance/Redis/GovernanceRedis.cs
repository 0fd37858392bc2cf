using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using StackExchange.Redis;

namespace DataPlane.Governance.Redis;

/// <summary>
/// The guard every governance Redis call goes through. Each call is bounded by <see cref="GovernanceOptions.RedisTimeoutMs"/>
/// and runs behind a circuit breaker: once Redis fails, calls return null at once for <see cref="GovernanceOptions.BreakDurationMs"/>
/// (a dead Redis costs a request nothing), then one probe decides. The outage is logged once when the breaker opens and once when it
/// closes again. Meter <c>Gateway.Governance</c>: <c>gateway.governance.degraded</c> (1 while the breaker is open or probing) and
/// <c>gateway.governance.redis_failures</c>.
/// </summary>
internal sealed class GovernanceRedis
{
    public const string MeterName = "Gateway.Governance";

    private readonly IConnectionMultiplexer _redis;
    private readonly ILogger<GovernanceRedis> _logger;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _backgroundTimeout;
    private readonly TimeSpan _backgroundRetry;
    private readonly ResiliencePipeline _pipeline;
    private readonly Counter<long> _failures;
    private int _degraded;

    public GovernanceRedis(
        IConnectionMultiplexer redis, TimeProvider time, ILogger<GovernanceRedis> logger, IOptions<GovernanceOptions> options, IMeterFactory meterFactory)
    {
        _redis = redis;
        _logger = logger;
        var settings = options.Value;
        _timeout = TimeSpan.FromMilliseconds(settings.RedisTimeoutMs);
        _backgroundTimeout = TimeSpan.FromMilliseconds(settings.BackgroundTimeoutMs);
        _backgroundRetry = TimeSpan.FromSeconds(settings.BackgroundRetrySeconds);

        var meter = meterFactory.Create(MeterName);
        _failures = meter.CreateCounter<long>("gateway.governance.redis_failures", description: "Governance Redis calls that failed or timed out");
        meter.CreateObservableGauge("gateway.governance.degraded", () => Volatile.Read(ref _degraded),
            description: "1 while governance runs without Redis (the guard's breaker is open): limits follow the Redis failure policy");

        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = settings.BreakerMinimumThroughput,
                SamplingDuration = TimeSpan.FromMilliseconds(settings.BreakerSamplingMs),
                BreakDuration = TimeSpan.FromMilliseconds(settings.BreakDurationMs),
                // A caller that gave up is not a Redis failure.
                ShouldHandle = new PredicateBuilder().Handle<Exception>(static ex => ex is not OperationCanceledException),
                OnOpened = args =>
                {
                    if (Interlocked.Exchange(ref _degraded, 1) == 0)
                    {
                        var ex = args.Outcome.Exception;
                        GovernanceStoreLog.RedisUnavailable(_logger, ex?.GetType().Name ?? "Unknown", ex?.Message ?? "no answer");
                    }

                    return default;
                },
                OnClosed = _ =>
                {
                    if (Interlocked.Exchange(ref _degraded, 0) == 1)
                    {
                        GovernanceStoreLog.RedisRecovered(_logger);
                    }

                    return default;
                },
            })
            .Build();
    }

    /// <summary>False while the breaker is open (Redis failed recently and calls return null at once).</summary>
    public bool IsAvailable => Volatile.Read(ref _degraded) == 0;

    /// <summary>
    /// Runs <paramref name="script"/> (a script without <c>@</c> parameters: its KEYS and ARGV are <paramref name="keys"/> and
    /// <paramref name="values"/>). SE.Redis sends it as EVALSHA once loaded.
    /// </summary>
    /// <returns>The script's result, or null when Redis is unavailable, slow or failing (the caller applies the failure policy).</returns>
    public ValueTask<RedisResult?> EvaluateAsync(LuaScript script, RedisKey[] keys, RedisValue[] values, CancellationToken ct) =>
        EvaluateAsync(script, keys, values, _timeout, ct);

    /// <summary>
    /// <see cref="EvaluateAsync(LuaScript, RedisKey[], RedisValue[], CancellationToken)"/> for work off the request's path (settling,
    /// releasing, counting tokens): a longer timeout per try, retried with backoff (real time: this is operations, not limit
    /// arithmetic) for up to <see cref="GovernanceOptions.BackgroundRetrySeconds"/>. The script must be safe to run twice.
    /// </summary>
    public async ValueTask<RedisResult?> EvaluateInBackgroundAsync(LuaScript script, RedisKey[] keys, RedisValue[] values, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            if (await EvaluateAsync(script, keys, values, _backgroundTimeout, ct) is { } result)
            {
                return result;
            }

            if (System.Diagnostics.Stopwatch.GetElapsedTime(started) + delay > _backgroundRetry)
            {
                GovernanceStoreLog.BackgroundCallAbandoned(_logger, (int)_backgroundRetry.TotalSeconds);
                return null;
            }

            await Task.Delay(delay, ct);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<RedisResult?> EvaluateAsync(LuaScript script, RedisKey[] keys, RedisValue[] values, TimeSpan timeout, CancellationToken ct)
    {
        // Outcomes rather than exceptions: while the breaker is open (the hot path of an outage) nothing is thrown.
        var context = ResilienceContextPool.Shared.Get(ct);
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(
                static async (context, state) =>
                {
                    try
                    {
                        return Outcome.FromResult<RedisResult?>(
                            await state.Self.CallAsync(state.Script, state.Keys, state.Values, state.Timeout, context.CancellationToken));
                    }
                    catch (Exception ex)
                    {
                        return Outcome.FromException<RedisResult?>(ex);
                    }
                },
                context,
                (Self: this, Script: script, Keys: keys, Values: values, Timeout: timeout));
            if (outcome.Exception is OperationCanceledException && ct.IsCancellationRequested)
            {
                throw new OperationCanceledException(ct); // The caller gave up: not a Redis failure, and not "unavailable".
            }

            return outcome.Exception is null ? outcome.Result : null;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async ValueTask<RedisResult?> CallAsync(LuaScript script, RedisKey[] keys, RedisValue[] values, TimeSpan timeout, CancellationToken ct)
    {
        if (!_redis.IsConnected)
        {
            // SE.Redis would queue the command until it reconnects; fail now instead.
            _failures.Add(1);
            throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "no connection to Redis");
        }

        Task<RedisResult>? call = null;
        try
        {
            call = _redis.GetDatabase().ScriptEvaluateAsync(script.ExecutableScript, keys, values);
            return call.IsCompleted ? await call : await call.WaitAsync(timeout, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // A call we stopped waiting for may still fail later: observe it so it is not an unobserved task exception.
            if (call is { IsCompleted: false })
            {
                _ = call.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
                    TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            _failures.Add(1);
            throw;
        }
    }
}
