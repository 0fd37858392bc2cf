using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace TestKit.FakeProviders.Azure;

/// <summary>
/// An in-process fake Microsoft Entra ID token endpoint: the client-credentials flow of the v2.0 endpoint
/// (<c>POST /{tenant}/oauth2/v2.0/token</c>, form-encoded <c>grant_type</c>, <c>client_id</c>, <c>client_secret</c>,
/// <c>scope</c>), answering <c>{"token_type":"Bearer","expires_in":…,"ext_expires_in":…,"access_token":…}</c> or Entra's
/// OAuth error bodies (<c>{"error","error_description","error_codes",…}</c>, shapes from learn.microsoft.com
/// "Microsoft identity platform and the OAuth 2.0 client credentials flow").
/// <code>
/// await using var entra = await FakeEntraTokenServer.StartAsync(ct);
/// // configurations: {"auth":"entra","authority":entra.BaseUrl,"tenant_id":entra.TenantId,"client_id":entra.ClientId}; key = entra.ClientSecret
/// entra.IssuedCount;            // how many tokens were handed out (caching tests)
/// entra.IsValid(bearerToken);   // what a resource server checks (FakeAzureOpenAiServer.TokenIssuer)
/// entra.EnqueueFault(FakeFault.Status(503, "temporarily unavailable"));  // the next token request
/// </code>
/// </summary>
public sealed class FakeEntraTokenServer : FakeUpstreamServer
{
    public const string CognitiveServicesScope = "https://cognitiveservices.azure.com/.default";

    private readonly ConcurrentDictionary<string, DateTimeOffset> _issued = new(StringComparer.Ordinal);
    private int _issuedCount;

    private FakeEntraTokenServer()
    {
    }

    public string TenantId { get; set; } = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    public string ClientId { get; set; } = "00000000-aaaa-4bbb-8ccc-111111111111";

    public string ClientSecret { get; set; } = "Fake~EntraClientSecret.0123456789abcdef";

    /// <summary>The <c>expires_in</c> of issued tokens.</summary>
    public int ExpiresInSeconds { get; set; } = 3599;

    /// <summary>Tokens handed out since start.</summary>
    public int IssuedCount => Volatile.Read(ref _issuedCount);

    public static Task<FakeEntraTokenServer> StartAsync(CancellationToken cancellationToken = default) =>
        StartAsync(new FakeEntraTokenServer(), cancellationToken);

    /// <summary>Whether <paramref name="accessToken"/> was issued here and has not expired.</summary>
    public bool IsValid(string accessToken) => _issued.TryGetValue(accessToken, out var expires) && DateTimeOffset.UtcNow < expires;

    private protected override Task WriteFaultErrorAsync(HttpContext context, FakeFault fault, CancellationToken ct) =>
        WriteOAuthErrorAsync(context, fault.StatusCode, fault.Code ?? "temporarily_unavailable", fault.Message, 0, ct);

    private protected override async Task AnswerAsync(HttpContext context, RecordedRequest recorded, FakeFault? midStreamFault, CancellationToken ct)
    {
        var path = context.Request.Path.Value ?? "";
        if (context.Request.Method != HttpMethods.Post || !path.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal))
        {
            await WriteOAuthErrorAsync(context, 404, "invalid_request", "AADSTS900561: The endpoint only accepts POST requests to /{tenant}/oauth2/v2.0/token.", 900561, ct);
            return;
        }

        // The segment before /oauth2: an authority may have a path of its own (tests give each cache entry one).
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var tenant = segments.Length >= 4 ? segments[^4] : "";
        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(recorded.Body));
        string Field(string name) => form.TryGetValue(name, out var value) ? value.ToString() : "";

        if (tenant != TenantId)
        {
            await WriteOAuthErrorAsync(context, 400, "invalid_request", $"AADSTS90002: Tenant '{tenant}' not found.", 90002, ct);
        }
        else if (Field("grant_type") != "client_credentials")
        {
            await WriteOAuthErrorAsync(context, 400, "unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type.", 70003, ct);
        }
        else if (Field("scope") != CognitiveServicesScope)
        {
            await WriteOAuthErrorAsync(context, 400, "invalid_scope", "AADSTS1002012: The provided value for scope is not valid.", 1002012, ct);
        }
        else if (Field("client_id") != ClientId)
        {
            await WriteOAuthErrorAsync(context, 400, "unauthorized_client", $"AADSTS700016: Application with identifier '{Field("client_id")}' was not found in the directory.", 700016, ct);
        }
        else if (Field("client_secret") != ClientSecret)
        {
            await WriteOAuthErrorAsync(context, 401, "invalid_client",
                $"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{ClientId}'.",
                7000215, ct);
        }
        else
        {
            var token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.fake-entra-" + Guid.NewGuid().ToString("N") + ".";
            _issued[token] = DateTimeOffset.UtcNow.AddSeconds(ExpiresInSeconds);
            Interlocked.Increment(ref _issuedCount);
            await WriteJsonAsync(context, 200, w =>
            {
                w.WriteStartObject();
                w.WriteString("token_type", "Bearer");
                w.WriteNumber("expires_in", ExpiresInSeconds);
                w.WriteNumber("ext_expires_in", ExpiresInSeconds);
                w.WriteString("access_token", token);
                w.WriteEndObject();
            }, ct);
        }
    }

    private Task WriteOAuthErrorAsync(HttpContext context, int status, string error, string description, long code, CancellationToken ct) =>
        WriteJsonAsync(context, status, w =>
        {
            w.WriteStartObject();
            w.WriteString("error", error);
            w.WriteString("error_description", $"{description} Trace ID: {Guid.NewGuid()} Correlation ID: {Guid.NewGuid()} Timestamp: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ssZ}");
            w.WriteStartArray("error_codes");
            if (code > 0)
            {
                w.WriteNumberValue(code);
            }

            w.WriteEndArray();
            w.WriteString("timestamp", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("trace_id", Guid.NewGuid().ToString());
            w.WriteString("correlation_id", Guid.NewGuid().ToString());
            w.WriteString("error_uri", "https://login.microsoftonline.com/error?code=" + code);
            w.WriteEndObject();
        }, ct);
}
