using DataPlane.Governance.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace DataPlane.Governance.RateLimits;

/// <summary>
/// Counts the data-plane replicas, so each can enforce its share of a limit while Redis is away (<see cref="LocalRateLimits"/>).
/// Every heartbeat this replica refreshes its member of <c>{gov}:replicas</c> (a sorted set, score = expiry Unix ms), drops
/// expired members and counts the rest. <see cref="Count"/> is the last count Redis gave (at least 1).
/// </summary>
internal sealed class ReplicaRegistry(GovernanceRedis redis, TimeProvider time, ILogger<ReplicaRegistry> logger, IOptions<GovernanceOptions> options)
    : BackgroundService
{
    public const string Key = "{gov}:replicas";

    /// <summary>KEYS[1] the set; ARGV: now, this member's expiry, member, key TTL ms. Returns the live member count.</summary>
    private static readonly LuaScript Refresh = LuaScript.Prepare("""
        redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        return redis.call('ZCARD', KEYS[1])
        """);

    private static readonly LuaScript Leave = LuaScript.Prepare("return redis.call('ZREM', KEYS[1], ARGV[1])");

    private readonly GovernanceOptions _options = options.Value;
    private int _count = 1;
    private int _failing;

    /// <summary>This replica's member: unique per process.</summary>
    public string Member { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>Live replicas at the last refresh; 1 until Redis has answered once.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>One heartbeat: refresh this replica's member and recount. Keeps the last count when Redis is unavailable.</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var ttlMs = _options.ReplicaTtlSeconds * 1000L;
        var result = await redis.EvaluateAsync(Refresh, [Key], [now, now + ttlMs, Member, 4 * ttlMs], ct);
        if (result is null)
        {
            if (Interlocked.Exchange(ref _failing, 1) == 0)
            {
                GovernanceStoreLog.ReplicaRefreshFailed(logger, Count); // once per outage, not every heartbeat
            }

            return;
        }

        Volatile.Write(ref _failing, 0);

        var count = Math.Max(1, (int)result);
        var previous = Interlocked.Exchange(ref _count, count);
        if (previous != count)
        {
            GovernanceStoreLog.ReplicaCountChanged(logger, previous, count);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(_options.ReplicaHeartbeatSeconds), time);
        do
        {
            await RefreshAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);

        // Leave at once rather than after the TTL, so the others' shares grow back sooner.
        await redis.EvaluateAsync(Leave, [Key], [Member], cancellationToken);
    }
}
