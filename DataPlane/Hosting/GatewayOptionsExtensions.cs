using Contracts.Security;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
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
        builder.Services.AddOptions<SocketTransportOptions>().Configure<IOptions<GatewayOptions>>((transport, gateway) =>
            transport.UnsafePreferInlineScheduling = gateway.Value.InlineScheduling);
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false);
        return builder;
    }
}
