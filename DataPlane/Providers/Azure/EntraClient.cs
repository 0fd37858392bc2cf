using System.Security.Cryptography;
using System.Text;

namespace DataPlane.Providers.Azure;

/// <summary>
/// One Microsoft Entra ID confidential client (app registration) as the client-credentials flow needs it. Deliberately
/// not a record: a record's <c>ToString</c> would print <see cref="Secret"/>.
/// </summary>
internal sealed class EntraClient
{
    /// <summary>The scope of Azure OpenAI (Cognitive Services) data-plane calls.</summary>
    public const string Scope = "https://cognitiveservices.azure.com/.default";

    public EntraClient(string authority, string tenantId, string clientId, string secret)
    {
        TokenUri = new Uri($"{authority.TrimEnd('/')}/{Uri.EscapeDataString(tenantId)}/oauth2/v2.0/token");
        ClientId = clientId;
        Secret = secret;
        // Same app and secret → same cache entry across snapshots; the secret itself is not kept in the key.
        CacheKey = string.Join('\n', TokenUri.AbsoluteUri, clientId, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret))));
    }

    /// <summary><c>{authority}/{tenant}/oauth2/v2.0/token</c>.</summary>
    public Uri TokenUri { get; }

    public string ClientId { get; }

    /// <summary>The client secret (the provider's key); never logged, never in an error.</summary>
    public string Secret { get; }

    public string CacheKey { get; }

    public override string ToString() => $"{TokenUri} client {ClientId}";
}
