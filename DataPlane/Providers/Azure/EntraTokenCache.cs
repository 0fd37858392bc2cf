using System.Collections.Concurrent;
using System.Text.Json;
using DataPlane.Errors;
using DataPlane.Providers.Http;

namespace DataPlane.Providers.Azure;

/// <summary>
/// Microsoft Entra ID access tokens by client-credentials flow (<c>POST {authority}/{tenant}/oauth2/v2.0/token</c>), one
/// cache entry per app registration and secret, kept across snapshots. A token is reused until shortly before it
/// expires (5 minutes, or half its life when shorter); one fetch at a time per client, so a burst of requests makes one
/// call. A failed fetch is a 502 with the provider's slug (<c>provider_misconfigured</c> when Entra ID refuses the
/// credentials, <c>upstream_unreachable</c> when it cannot answer), answered again for a second instead of retried by
/// every waiting request. Neither the secret nor a token is ever logged or put in an error.
/// <para>A small client rather than Azure.Identity: MSAL validates the authority (instance discovery, OpenID metadata),
/// which makes pointing it at a test endpoint awkward; the flow itself is one form POST.</para>
/// </summary>
internal sealed class EntraTokenCache(UpstreamClient upstream, TimeProvider time, ILogger<EntraTokenCache> logger)
{
    private const int MaxBodyBytes = 64 * 1024;
    private static readonly TimeSpan MaxRefreshMargin = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan FailureHold = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, EntraTokenSlot> _slots = new(StringComparer.Ordinal);

    public EntraTokenSlot SlotFor(EntraClient client) => _slots.GetOrAdd(client.CacheKey, static (_, c) => new EntraTokenSlot(c), client);

    /// <summary>A token that is valid now, or the error to answer; throws only when <paramref name="cancellationToken"/> is cancelled.</summary>
    public async ValueTask<(EntraToken? Token, GatewayError? Error)> GetAsync(EntraTokenSlot slot, string slug, CancellationToken cancellationToken)
    {
        if (slot.Current is { } current && time.GetUtcNow() < current.RefreshAt)
        {
            return (current, null);
        }

        await slot.Gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            if (slot.Current is { } fetched && now < fetched.RefreshAt)
            {
                // Another request fetched it while this one waited.
                return (fetched, null);
            }

            if (slot.LastFailure is { } failure && now < failure.Until)
            {
                return slot.Current is { } stale && now < stale.ExpiresAt ? (stale, null) : (null, failure.Error);
            }

            var (token, error) = await FetchAsync(slot.Client, slug, cancellationToken);
            if (token is not null)
            {
                slot.Current = token;
                slot.LastFailure = null;
                return (token, null);
            }

            slot.LastFailure = (error!, time.GetUtcNow() + FailureHold);
            // Due for refresh but not yet expired: keep sending it while Entra ID is unavailable.
            return slot.Current is { } old && now < old.ExpiresAt ? (old, null) : (null, error);
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    private async Task<(EntraToken? Token, GatewayError? Error)> FetchAsync(EntraClient client, string slug, CancellationToken cancellationToken)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, client.TokenUri)
        {
            Content = new FormUrlEncodedContent(
            [
                new("grant_type", "client_credentials"),
                new("client_id", client.ClientId),
                new("client_secret", client.Secret),
                new("scope", EntraClient.Scope),
            ]),
        };
        message.Headers.TryAddWithoutValidation("Accept", "application/json");

        var sent = await upstream.SendAsync(new UpstreamRequest(message), slug, cancellationToken);
        if (sent.Call is not { } call)
        {
            return Fail(slug, GatewayError.UpstreamUnreachable(slug, sent.Error?.Code == "upstream_timeout"
                ? "its Microsoft Entra ID token endpoint did not answer in time"
                : "its Microsoft Entra ID token endpoint could not be reached"));
        }

        using (call)
        {
            var (body, _) = await UpstreamBodyReader.ReadAsync(call, slug, MaxBodyBytes, truncate: true);
            using (body)
            {
                var span = body is null ? default : body.WrittenSpan;
                if (!call.Response.IsSuccessStatusCode)
                {
                    var why = $"Microsoft Entra ID answered {call.StatusCode}{OAuthError(span)} to its token request";
                    return Fail(slug, call.StatusCode is >= 400 and < 500
                        ? GatewayError.ProviderMisconfigured(slug, why + " (check tenant_id, client_id and the client secret).")
                        : GatewayError.UpstreamUnreachable(slug, why));
                }

                if (ReadToken(span) is not ({ } accessToken, var lifetime))
                {
                    return Fail(slug, GatewayError.UpstreamInvalidResponse(slug, "the Microsoft Entra ID token answer has no access_token"));
                }

                var now = time.GetUtcNow();
                var margin = lifetime / 2 < MaxRefreshMargin ? lifetime / 2 : MaxRefreshMargin;
                Log.EntraTokenFetched(logger, slug, (int)lifetime.TotalSeconds);
                return (new EntraToken(accessToken, now + lifetime - margin, now + lifetime), null);
            }
        }
    }

    private (EntraToken?, GatewayError?) Fail(string slug, GatewayError error)
    {
        Log.EntraTokenFailed(logger, slug, error.Message);
        return (null, error);
    }

    /// <summary><c>access_token</c> and <c>expires_in</c> (a number, or a string in older endpoints; 1 hour when absent).</summary>
    private static (string? AccessToken, TimeSpan Lifetime) ReadToken(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return (null, default);
            }

            string? accessToken = null;
            var seconds = 3600L;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("access_token"u8))
                {
                    reader.Read();
                    accessToken = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("expires_in"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number))
                    {
                        seconds = number;
                    }
                    else if (reader.TokenType == JsonTokenType.String && long.TryParse(reader.GetString(), out var parsed))
                    {
                        seconds = parsed;
                    }

                    reader.Skip();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            return (string.IsNullOrEmpty(accessToken) ? null : accessToken, TimeSpan.FromSeconds(Math.Clamp(seconds, 1, 24 * 3600)));
        }
        catch (JsonException)
        {
            return (null, default);
        }
    }

    /// <summary>
    /// <c>: invalid_client AADSTS7000215</c> from an OAuth error body — the standard code and Entra's numeric code only:
    /// both say what to fix, and neither can carry the secret (<c>error_description</c> is not copied).
    /// </summary>
    private static string OAuthError(ReadOnlySpan<byte> body)
    {
        string? error = null;
        long? aadsts = null;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return "";
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("error"u8))
                {
                    reader.Read();
                    error = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("error_codes"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        reader.Skip();
                        continue;
                    }

                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (aadsts is null && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var code))
                        {
                            aadsts = code;
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: the status alone says enough.
        }

        var plainError = error is { Length: > 0 and <= 64 } && error.All(c => char.IsAsciiLetterLower(c) || c == '_') ? error : null;
        return (plainError, aadsts) switch
        {
            (null, null) => "",
            (null, { } n) => $": AADSTS{n}",
            ({ } e, null) => $": {e}",
            ({ } e, { } n) => $": {e} AADSTS{n}",
        };
    }
}
