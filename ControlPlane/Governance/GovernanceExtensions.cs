using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace ControlPlane.Governance;

internal static class GovernanceExtensions
{
    /// <summary>
    /// Budgets in the admin API (usage read-back, resets), the alert consumer (audit + webhooks) and the reconciliation
    /// with analytics. Needs the Redis client (AddSnapshots) and the analyticsdb data source (AddRequestLogs).
    /// </summary>
    public static IHostApplicationBuilder AddGovernance(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GovernanceOptions>().BindConfiguration(GovernanceOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<BudgetReader>();
        builder.Services.AddSingleton<BudgetResetter>();
        builder.Services.AddSingleton<GovernanceMetrics>();
        builder.Services.AddSingleton<SpendReader>();
        builder.Services.AddSingleton<AlertWebhookSender>();
        builder.Services.AddSingleton<AlertHandler>();
        builder.Services.AddHostedService<AlertConsumer>();
        builder.Services.AddHostedService<BudgetReconciler>();

        // Webhooks get their own, shorter policy instead of the service default: a few quick tries, then the audit entry stands.
        var webhooks = builder.Services.AddHttpClient(AlertWebhookSender.ClientName);
#pragma warning disable EXTEXP0001 // "for evaluation": the documented way to replace the ServiceDefaults handler on one client.
        webhooks.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        webhooks.AddResilienceHandler("budget-alert-webhook", (pipeline, context) =>
        {
            var governance = context.ServiceProvider.GetRequiredService<IOptions<GovernanceOptions>>().Value;
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, governance.WebhookRetries),
                Delay = TimeSpan.FromMilliseconds(governance.WebhookRetryDelayMilliseconds),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            });
            pipeline.AddTimeout(TimeSpan.FromMilliseconds(governance.WebhookTimeoutMilliseconds));
        });
        return builder;
    }
}
