using Contracts.Security;
using Microsoft.Extensions.Options;

namespace DataPlane.Hosting;

internal static class GatewayOptionsExtensions
{
    public static IHostApplicationBuilder AddGatewayOptions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>()
            .BindConfiguration(GatewayOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => new SecretProtector(sp.GetRequiredService<IOptions<GatewayOptions>>().Value.SecretKey));
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }
}
