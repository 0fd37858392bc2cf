using DataPlane.BodyLogging;
using DataPlane.Caching;
using DataPlane.Governance;
using DataPlane.Guardrails;
using DataPlane.Providers;
using DataPlane.Providers.Http;
using DataPlane.Providers.Mock;
using DataPlane.Providers.OpenAi;
using DataPlane.Providers.Tokens;
using DataPlane.Routing;
using DataPlane.Routing.CircuitBreakers;
using DataPlane.Routing.Plans;
using DataPlane.Routing.Resilience;
using DataPlane.Telemetry;

namespace DataPlane.Inference;

internal static class InferenceExtensions
{
    public static IHostApplicationBuilder AddInference(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<UpstreamOptions>()
            .BindConfiguration(UpstreamOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<UpstreamClient>();
        builder.Services.AddSingleton<TokenCounter>();

        // One adapter per provider kind; a kind without one answers 400 "not supported yet".
        builder.Services.AddSingleton<IProviderAdapter, MockAdapter>();
        builder.Services.AddSingleton<IProviderAdapter, DataPlane.Providers.Anthropic.AnthropicAdapter>();
        builder.Services.AddSingleton<IProviderAdapter, DataPlane.Providers.Google.GoogleAdapter>();
        builder.Services.AddSingleton<IProviderAdapter, DataPlane.Providers.Bedrock.BedrockAdapter>();
        builder.Services.AddSingleton<IProviderAdapter, DataPlane.Providers.Azure.AzureOpenAiAdapter>().AddSingleton<DataPlane.Providers.Azure.EntraTokenCache>();
        builder.Services.AddSingleton<IProviderAdapter, DataPlane.Providers.Vertex.VertexAdapter>();
        foreach (var preset in OpenAiPresets.All)
        {
            builder.Services.AddSingleton<IProviderAdapter>(sp => ActivatorUtilities.CreateInstance<OpenAiAdapter>(sp, preset));
        }

        builder.Services.AddSingleton<ProviderRegistry>();

        builder.Services.AddOptions<RoutingOptions>()
            .BindConfiguration(RoutingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.AddCircuitBreakers();
        builder.AddResponseCache();
        builder.AddGovernance();
        builder.AddGuardrails();
        builder.Services.AddSingleton<TargetBreakers>();
        builder.Services.AddSingleton<RoutePlanCompiler>();
        builder.Services.AddSingleton<ConfigResolver>();
        builder.Services.AddSingleton<RouteServices>();
        builder.Services.AddSingleton<InferenceMetrics>();
        builder.Services.AddOptions<BodyLoggingOptions>()
            .BindConfiguration(BodyLoggingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<InferencePipeline>();
        return builder;
    }
}
