using DataPlane.Guardrails.Checks;
using Microsoft.Extensions.Options;

namespace DataPlane.Guardrails;

internal static class GuardrailExtensions
{
    /// <summary>The HttpClient <c>default.webhook</c> checks post with.</summary>
    public const string WebhookClientName = "guardrail-webhook";

    public static IHostApplicationBuilder AddGuardrails(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GuardrailOptions>()
            .BindConfiguration(GuardrailOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // A verdict is needed now or never: no retries (the service default would retry for seconds), the check's own
        // timeout first, the client's as a ceiling.
        var webhooks = builder.Services.AddHttpClient(WebhookClientName, (sp, client) =>
            client.Timeout = TimeSpan.FromMilliseconds(sp.GetRequiredService<IOptions<GuardrailOptions>>().Value.WebhookMaxTimeoutMs));
#pragma warning disable EXTEXP0001 // "for evaluation": the documented way to drop the ServiceDefaults handler on one client.
        webhooks.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        // Held for the process (below), so connections are recycled here to follow DNS changes; a verdict comes from the
        // URL the admin configured, not from wherever it redirects.
        webhooks.ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            AllowAutoRedirect = false,
        });

        // One client for the process: checks are compiled once per snapshot and keep it.
        builder.Services.AddSingleton(sp => new CheckServices(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(WebhookClientName),
            sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<GuardrailCompiler>();
        builder.Services.AddSingleton<GuardrailEngine>();
        return builder;
    }
}
