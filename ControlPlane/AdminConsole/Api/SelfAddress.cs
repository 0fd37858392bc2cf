using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ControlPlane.AdminConsole.Api;

/// <summary>This process's own HTTP address on loopback, where the console reaches the admin API.</summary>
internal sealed class SelfAddress(IServer server)
{
    private Uri? _uri;

    public Uri Uri => _uri ??= Resolve();

    private Uri Resolve()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The server has no address yet.");
        var builder = new UriBuilder(address.Replace("://+", "://localhost").Replace("://*", "://localhost"));
        if (builder.Host is "0.0.0.0" or "[::]" or "::")
        {
            builder.Host = "127.0.0.1";
        }

        return builder.Uri;
    }
}
