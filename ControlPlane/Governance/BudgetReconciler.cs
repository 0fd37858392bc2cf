using System.Globalization;
using Contracts.Limits;
using ControlPlane.Catalog;
using ControlPlane.Limits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ControlPlane.Governance;

/// <summary>
/// Every <c>Governance:ReconcileIntervalSeconds</c>, on one replica at a time (a Redis lock held for the interval):
/// raises each budget counter to the spend analytics shows for its period, never lowers it (recent requests may not
/// be ingested yet), and reports the drift.
/// </summary>
internal sealed class BudgetReconciler(
    IServiceScopeFactory scopeFactory, IConnectionMultiplexer redis, SpendReader spend, GovernanceMetrics metrics,
    IOptions<GovernanceOptions> options, TimeProvider time, ILogger<BudgetReconciler> logger) : BackgroundService
{
    public const string LockKey = "{gov}:reconcile:lock";

    // KEYS[1] budget hash; ARGV[1] analytics units, ARGV[2] the reset_at the spend was computed from ("" none).
    // A reset since then makes the figure stale: leave the counter alone.
    private const string RaiseScript = """
        local resetAt = redis.call('HGET', KEYS[1], 'reset_at') or ''
        if resetAt ~= ARGV[2] then return -1 end
        local spent = tonumber(redis.call('HGET', KEYS[1], 'spent') or '0')
        if tonumber(ARGV[1]) > spent then
          redis.call('HSET', KEYS[1], 'spent', ARGV[1])
          return 1
        end
        return 0
        """;

    private readonly string _lockToken = Guid.NewGuid().ToString("N");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.ReconcileIntervalSeconds);
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                // Held for the whole interval, never released: one run per interval across every replica.
                if (await redis.GetDatabase().StringSetAsync(LockKey, _lockToken, interval, When.NotExists))
                {
                    await ReconcileAsync(stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                GovernanceLog.ReconcileFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass over every budget; returns how many counters were raised.</summary>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken)
    {
        var budgets = await LoadBudgetsAsync(cancellationToken);
        if (budgets.Count == 0)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        var db = redis.GetDatabase();
        var keys = budgets.Select(b => (RedisKey)GovernanceKeys.Budget(b.Budget.Scope, b.Budget.Id, BudgetPeriod.Segment(b.Budget.PeriodicReset, now))).ToList();
        var batch = db.CreateBatch();
        var reads = keys.Select(k => batch.HashGetAsync(k, [GovernanceKeys.FieldSpent, GovernanceKeys.FieldResetAt])).ToList();
        batch.Execute();
        await Task.WhenAll(reads);

        var spendByFrom = new Dictionary<DateTimeOffset, IReadOnlyList<SpendRow>>();
        var raised = 0;
        for (var i = 0; i < budgets.Count; i++)
        {
            var (budget, slug, type) = budgets[i];
            var values = reads[i].Result;
            var counter = values[0].TryParse(out long c) ? c : values[0].TryParse(out double d) ? (long)d : 0;
            var resetAt = values[1].IsNull ? "" : values[1].ToString();
            var from = From(budget.PeriodicReset, resetAt, now);
            if (!spendByFrom.TryGetValue(from, out var rows))
            {
                rows = spendByFrom[from] = await spend.SinceAsync(from, cancellationToken);
            }

            var analytics = Units(type, rows.Where(r => Matches(r, budget, slug)));
            metrics.RecordDrift(budget.Scope, analytics - counter);
            if (analytics > counter
                && (long)await db.ScriptEvaluateAsync(RaiseScript, [keys[i]], [analytics, resetAt]) == 1)
            {
                raised++;
                metrics.RecordCorrection(budget.Scope);
                GovernanceLog.BudgetCorrected(logger, budget.Scope, budget.Id, counter, analytics);
            }
        }

        return raised;
    }

    /// <summary>The period's start, or the last manual reset in it (floored to the minute: the finest rollup).</summary>
    internal static DateTimeOffset From(string? periodicReset, string resetAt, DateTimeOffset now)
    {
        var from = BudgetPeriod.Start(periodicReset, now) ?? DateTimeOffset.UnixEpoch;
        if (long.TryParse(resetAt, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms))
        {
            var reset = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            reset = reset.AddTicks(-(reset.UtcTicks % TimeSpan.TicksPerMinute));
            from = reset > from ? reset : from;
        }

        return from;
    }

    private static bool Matches(SpendRow row, BudgetRef budget, string? slug) => budget.Scope switch
    {
        LimitScope.ApiKey => row.ApiKeyId == budget.Id,
        LimitScope.Workspace => row.WorkspaceId == budget.Id,
        LimitScope.Provider => row.Provider == slug,
        _ => false,
    };

    private static long Units(string type, IEnumerable<SpendRow> rows) => type == "tokens"
        ? rows.Sum(r => r.PromptTokens + r.CompletionTokens)
        : LimitUnits.From("cost", rows.Sum(r => r.CostUsd));

    private async Task<List<(BudgetRef Budget, string? Slug, string Type)>> LoadBudgetsAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.RevokedAt == null && k.UsageLimits != null)
            .Select(k => new { k.Id, k.UsageLimits }).ToListAsync(cancellationToken);
        var providers = await db.Providers.AsNoTracking().Where(p => p.UsageLimits != null)
            .Select(p => new { p.Id, p.Slug, p.UsageLimits }).ToListAsync(cancellationToken);
        var workspaces = await db.Workspaces.AsNoTracking().Where(w => w.UsageLimits != null)
            .Select(w => new { w.Id, w.UsageLimits }).ToListAsync(cancellationToken);

        var budgets = new List<(BudgetRef, string?, string)>();
        void Add(string scopeName, Guid id, string? slug, string? json)
        {
            if (LimitsValidator.Deserialize<UsageLimits>(json) is { } limits)
            {
                budgets.Add((new BudgetRef(scopeName, id, limits.PeriodicReset), slug, limits.Type ?? "cost"));
            }
        }

        keys.ForEach(k => Add(LimitScope.ApiKey, k.Id, null, k.UsageLimits));
        providers.ForEach(p => Add(LimitScope.Provider, p.Id, p.Slug, p.UsageLimits));
        workspaces.ForEach(w => Add(LimitScope.Workspace, w.Id, null, w.UsageLimits));
        return budgets;
    }
}
