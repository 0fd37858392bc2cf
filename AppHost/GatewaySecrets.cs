using System.Security.Cryptography;
using Contracts.Security;

namespace AppHost;

/// <summary>
/// The bootstrap admin key and the key that encrypts provider secrets. Taken from the environment
/// when given, else generated once and kept (mode 0600) in the state directory, so they survive restarts.
/// </summary>
internal sealed record GatewaySecrets(
    IResourceBuilder<ParameterResource> AdminApiKey,
    IResourceBuilder<ParameterResource> SecretKey)
{
    public static GatewaySecrets Resolve(IDistributedApplicationBuilder builder, GatewaySettings settings)
    {
        Directory.CreateDirectory(settings.StateDirectory);
        var adminKey = builder.Configuration["GATEWAY_ADMIN_API_KEY"];
        if (string.IsNullOrWhiteSpace(adminKey))
        {
            var path = Path.Combine(settings.StateDirectory, "admin-api-key");
            adminKey = PersistedSecret.ReadOrCreate(path, ApiKeyHasher.NewKey);
            // The one place a secret is printed, by design: the operator needs it to sign in.
            Console.WriteLine($"Gateway admin API key: {adminKey}  (kept in {path}; set GATEWAY_ADMIN_API_KEY to choose your own)");
        }

        var secretKey = builder.Configuration["GATEWAY_SECRET_KEY"];
        if (string.IsNullOrWhiteSpace(secretKey))
        {
            secretKey = PersistedSecret.ReadOrCreate(
                Path.Combine(settings.StateDirectory, "secret-key"),
                () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        }

        return new(
            builder.AddParameter("gateway-admin-api-key", adminKey, secret: true),
            builder.AddParameter("gateway-secret-key", secretKey, secret: true));
    }
}
