using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace TestKit.FakeProviders.Vertex;

/// <summary>
/// A fake Google OAuth2 token endpoint (<c>POST /token</c>, the service-account JWT-bearer grant of
/// developers.google.com/identity/protocols/oauth2/service-account): it checks the assertion's RS256 signature against
/// the throwaway key it made (<see cref="ServiceAccountJson"/>), its <c>iss</c>, <c>aud</c> (Google's token URL, or this <c>token_uri</c>),
/// <c>scope</c> and <c>exp</c>, and answers <c>{"access_token","expires_in","token_type":"Bearer"}</c>.
/// <see cref="FakeUpstreamServer.RequestCount"/> counts the fetches (a test proves caching with it). A
/// <see cref="FakeFault.Status"/> fault answers <c>{"error": Type, "error_description": Message}</c>.
/// </summary>
public sealed class FakeGoogleTokenServer : FakeUpstreamServer
{
    public const string ClientEmail = "gateway-test@fake-project.iam.gserviceaccount.com";

    private readonly RSA _key = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, byte> _issued = new(StringComparer.Ordinal);
    private int _tokens;

    private FakeGoogleTokenServer()
    {
    }

    /// <summary>The token endpoint, as the key's <c>token_uri</c>.</summary>
    public string TokenUri => Origin + "/token";

    /// <summary>Sent as <c>expires_in</c>.</summary>
    public int ExpiresInSeconds { get; set; } = 3600;

    /// <summary>Why the last refused assertion was refused.</summary>
    public string? LastRefusal { get; private set; }

    /// <summary>The scope the last valid assertion asked for.</summary>
    public string? LastScope { get; private set; }

    public static Task<FakeGoogleTokenServer> StartAsync(CancellationToken cancellationToken = default) => StartAsync(new FakeGoogleTokenServer(), cancellationToken);

    /// <summary>A service-account JSON key whose <c>token_uri</c> is this fake and whose <c>private_key</c> it verifies.</summary>
    public string ServiceAccountJson(string? projectId = "fake-project") =>
        JsonSerializer.Serialize(new Dictionary<string, string?>
        {
            ["type"] = "service_account",
            ["project_id"] = projectId,
            ["private_key_id"] = "0123456789abcdef",
            ["private_key"] = _key.ExportPkcs8PrivateKeyPem(),
            ["client_email"] = ClientEmail,
            ["client_id"] = "100000000000000000000",
            ["auth_uri"] = "https://accounts.google.com/o/oauth2/auth",
            ["token_uri"] = TokenUri,
        }.Where(p => p.Value is not null).ToDictionary());

    /// <summary>Whether this fake issued <paramref name="token"/>.</summary>
    public bool Issued(string token) => _issued.ContainsKey(token);

    /// <summary>Forget every issued token (a Vertex fake then refuses them, as after a revocation).</summary>
    public void RevokeAll() => _issued.Clear();

    private protected override Task WriteFaultErrorAsync(HttpContext context, FakeFault fault, CancellationToken ct) =>
        WriteJsonAsync(context, fault.StatusCode, w =>
        {
            w.WriteStartObject();
            w.WriteString("error", fault.Type);
            w.WriteString("error_description", fault.Message);
            w.WriteEndObject();
        }, ct);

    private protected override async Task AnswerAsync(HttpContext context, RecordedRequest recorded, FakeFault? midStreamFault, CancellationToken ct)
    {
        var form = System.Web.HttpUtility.ParseQueryString(recorded.BodyText);
        if (context.Request.Method != "POST" || context.Request.Path != "/token"
            || form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer" || form["assertion"] is not { } assertion)
        {
            await RefuseAsync(context, "unsupported_grant_type", "Invalid grant_type.", ct);
            return;
        }

        if (Verify(assertion) is { } problem)
        {
            LastRefusal = problem;
            await RefuseAsync(context, "invalid_grant", problem, ct);
            return;
        }

        var token = $"ya29.fake-{Interlocked.Increment(ref _tokens)}-{Guid.NewGuid():N}";
        _issued[token] = 0;
        await WriteJsonAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("access_token", token);
            w.WriteNumber("expires_in", ExpiresInSeconds);
            w.WriteString("token_type", "Bearer");
            w.WriteEndObject();
        }, ct);
    }

    private string? Verify(string assertion)
    {
        var parts = assertion.Split('.');
        if (parts.Length != 3)
        {
            return "Invalid JWT.";
        }

        var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        if (!_key.VerifyData(signed, Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return "Invalid JWT Signature.";
        }

        using var header = JsonDocument.Parse(Base64Url(parts[0]));
        using var claims = JsonDocument.Parse(Base64Url(parts[1]));
        var c = claims.RootElement;
        if (FakeWire.StringOf(header.RootElement, "alg") != "RS256")
        {
            return "Invalid JWT: alg must be RS256.";
        }

        if (FakeWire.StringOf(c, "iss") != ClientEmail)
        {
            return "Invalid JWT: iss.";
        }

        // Google.Apis.Auth (like Google's own endpoint) uses Google's token URL as the audience, wherever it posts.
        var aud = FakeWire.StringOf(c, "aud");
        if (aud != TokenUri && aud != "https://oauth2.googleapis.com/token")
        {
            return "Invalid JWT: Failed audience check.";
        }

        if (!c.TryGetProperty("exp", out var exp) || exp.GetInt64() < DateTimeOffset.UtcNow.ToUnixTimeSeconds())
        {
            return "Invalid JWT: Token must be a short-lived token and in a reasonable timeframe.";
        }

        LastScope = FakeWire.StringOf(c, "scope");
        return LastScope is null ? "Invalid JWT: no scope." : null;
    }

    private Task RefuseAsync(HttpContext context, string error, string description, CancellationToken ct) =>
        WriteJsonAsync(context, 400, w =>
        {
            w.WriteStartObject();
            w.WriteString("error", error);
            w.WriteString("error_description", description);
            w.WriteEndObject();
        }, ct);

    private static byte[] Base64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}
