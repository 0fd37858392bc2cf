using System.Text.Json;
using Google.Apis.Auth.OAuth2;

namespace DataPlane.Providers.Vertex;

/// <summary>
/// A service-account JSON key (the provider's <c>key</c>) and the OAuth2 credential made from it with Google.Apis.Auth:
/// a JWT assertion signed with the key's <c>private_key</c> is exchanged at the key's <c>token_uri</c> for an access token
/// (scope <c>cloud-platform</c>). Google.Apis.Auth caches the token until shortly before it expires and lets one refresh
/// run at a time; so one instance serves every request of one key (see <see cref="VertexServiceAccounts"/>).
/// Nothing here logs or returns key material.
/// </summary>
internal sealed class VertexServiceAccount
{
    public const string Scope = "https://www.googleapis.com/auth/cloud-platform";

    private readonly ITokenAccess _credential;

    private VertexServiceAccount(ITokenAccess credential, string? projectId)
    {
        _credential = credential;
        ProjectId = projectId;
    }

    /// <summary>The key's <c>project_id</c>, the default project.</summary>
    public string? ProjectId { get; }

    /// <summary>The account, or null with <paramref name="why"/> (safe to show: names fields, never values).</summary>
    public static VertexServiceAccount? Parse(string json, out string? why)
    {
        string? projectId;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                why = "the key is not a service-account JSON object.";
                return null;
            }

            foreach (var field in (ReadOnlySpan<string>)["client_email", "private_key", "token_uri"])
            {
                if (!root.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
                {
                    why = $"the service-account key has no {field}.";
                    return null;
                }
            }

            projectId = root.TryGetProperty("project_id", out var project) && project.ValueKind == JsonValueKind.String
                && !string.IsNullOrWhiteSpace(project.GetString()) ? project.GetString() : null;
        }
        catch (JsonException)
        {
            why = "the key is not valid service-account JSON.";
            return null;
        }

        try
        {
            // A "type" other than service_account, or a private_key that is no PEM RSA key, throws here.
            var account = CredentialFactory.FromJson<ServiceAccountCredential>(json);
            var scoped = GoogleCredential.FromServiceAccountCredential(account).CreateScoped(Scope);
            why = null;
            return new VertexServiceAccount(scoped, projectId);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or System.Security.Cryptography.CryptographicException
            or NotSupportedException)
        {
            // The exception text may quote the key: say only what is wrong.
            why = "the service-account key cannot be used (its type must be service_account and private_key a PEM RSA key).";
            return null;
        }
    }

    private volatile bool _rejected;

    /// <summary>Vertex refused our token (revoked, the key rotated): the next call fetches a new one instead of the cached one.</summary>
    public void Reject() => _rejected = true;

    /// <summary>The token <see cref="GetAccessTokenAsync"/> returned last (what a request built right after it sends).</summary>
    public string? CurrentAccessToken { get; private set; }

    /// <summary>A valid access token: cached, or fetched from the key's <c>token_uri</c>. Throws what Google.Apis.Auth throws.</summary>
    public async Task<string> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        if (_rejected && _credential is GoogleCredential { UnderlyingCredential: ServiceAccountCredential account })
        {
            _rejected = false;
            await account.RequestAccessTokenAsync(cancellationToken); // replaces the cached token
        }

        return CurrentAccessToken = await _credential.GetAccessTokenForRequestAsync(authUri: null, cancellationToken);
    }
}
