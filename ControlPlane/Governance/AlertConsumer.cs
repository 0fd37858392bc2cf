using Contracts.Limits;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ControlPlane.Governance;

/// <summary>
/// Consumes the data plane's budget alerts (consumer group <see cref="Group"/>, so each entry goes to one replica):
/// an audit entry, then the workspace's webhook, then XACK. An entry whose handling failed stays pending and is
/// claimed again (XAUTOCLAIM) once idle, by this or another replica.
/// </summary>
internal sealed class AlertConsumer(
    IConnectionMultiplexer redis, AlertHandler handler, IOptions<GovernanceOptions> options, TimeProvider time, ILogger<AlertConsumer> logger)
    : BackgroundService
{
    public const string Group = "control-plane";
    private const int BatchSize = 50;

    private readonly string _consumer = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromMilliseconds(options.Value.AlertPollMilliseconds);
        var claimEvery = TimeSpan.FromSeconds(options.Value.AlertClaimIdleSeconds);
        var groupReady = false;
        var lastClaim = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var db = redis.GetDatabase();
                if (!groupReady)
                {
                    await EnsureGroupAsync(db);
                    groupReady = true;
                }

                if (time.GetUtcNow() - lastClaim >= claimEvery)
                {
                    lastClaim = time.GetUtcNow();
                    await ClaimAbandonedAsync(db, stoppingToken);
                }

                var entries = await db.StreamReadGroupAsync(GovernanceKeys.AlertStream, Group, _consumer, StreamPosition.NewMessages, BatchSize);
                await HandleAsync(db, entries, stoppingToken);
                if (entries.Length < BatchSize)
                {
                    await Task.Delay(poll, time, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Redis down, or the group was deleted: try again shortly.
                groupReady = false;
                GovernanceLog.AlertLoopFailed(logger, ex);
                if (!await DelayAsync(TimeSpan.FromSeconds(1), stoppingToken))
                {
                    return;
                }
            }
        }
    }

    /// <returns>False when stopping.</returns>
    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, time, stoppingToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task EnsureGroupAsync(IDatabase db)
    {
        try
        {
            // From the stream's beginning: alerts raised before the first control plane started still count.
            await db.StreamCreateConsumerGroupAsync(GovernanceKeys.AlertStream, Group, StreamPosition.Beginning, createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.Contains("BUSYGROUP", StringComparison.Ordinal))
        {
            // Another replica (or an earlier run) created it.
        }
    }

    /// <summary>Entries a consumer read but never acknowledged (it crashed, or handling failed) for longer than the claim idle time.</summary>
    private async Task ClaimAbandonedAsync(IDatabase db, CancellationToken cancellationToken)
    {
        var idleMs = options.Value.AlertClaimIdleSeconds * 1000L;
        RedisValue start = "0-0";
        do
        {
            var claimed = await db.StreamAutoClaimAsync(GovernanceKeys.AlertStream, Group, _consumer, idleMs, start, BatchSize);
            await HandleAsync(db, claimed.ClaimedEntries, cancellationToken);
            start = claimed.NextStartId;
        }
        while (start != "0-0" && !cancellationToken.IsCancellationRequested);
    }

    private async Task HandleAsync(IDatabase db, StreamEntry[] entries, CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
        {
            if (entry.IsNull)
            {
                continue;
            }

            try
            {
                await handler.HandleAsync(entry, cancellationToken);
                await db.StreamAcknowledgeAsync(GovernanceKeys.AlertStream, Group, entry.Id);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Not acknowledged: it stays pending and is claimed again once idle.
                GovernanceLog.AlertFailed(logger, entry.Id.ToString(), ex);
            }
        }
    }
}
