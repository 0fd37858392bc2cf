using Contracts.Security;
using Microsoft.Extensions.Options;

namespace ControlPlane.Configuration;

internal static class ConfigurationExtensions
{
    public static IHostApplicationBuilder AddGatewayOptions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>()
            .BindConfiguration(GatewayOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => GatewayOptions.IsValidSecretKey(o.SecretKey), "Gateway:SecretKey must be the base64 of 32 bytes.")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => new SecretProtector(sp.GetRequiredService<IOptions<GatewayOptions>>().Value.SecretKey));
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }
}
