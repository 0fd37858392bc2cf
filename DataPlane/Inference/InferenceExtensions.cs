using DataPlane.Providers;
using DataPlane.Providers.Mock;

namespace DataPlane.Inference;

internal static class InferenceExtensions
{
    public static IHostApplicationBuilder AddInference(this IHostApplicationBuilder builder)
    {
        // One line per provider kind; a kind without an adapter answers 400 "not supported yet".
        builder.Services.AddSingleton<IProviderAdapter, MockAdapter>();
        builder.Services.AddSingleton<ProviderRegistry>();
        return builder;
    }
}
