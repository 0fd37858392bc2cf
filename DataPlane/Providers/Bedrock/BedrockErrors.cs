using DataPlane.Errors;
using DataPlane.Providers.Http;
using DataPlane.Snapshots;

namespace DataPlane.Providers.Bedrock;

/// <summary>
/// Bedrock's errors — a body <c>{"message": …}</c> with the exception named in the <c>x-amzn-ErrorType</c> header
/// (<c>ValidationException:http://internal.amazon.com/…</c>), or an <c>exception</c> message inside a stream — in OpenAI's
/// shape with <c>provider</c>. The status passes through; the type follows the exception (the exception's name is kept as
/// <c>code</c>): validation → <c>invalid_request_error</c>, access denied → <c>permission_error</c>, signature/credential
/// problems → <c>authentication_error</c>, throttling and quotas → <c>rate_limit_error</c>, not found → <c>not_found_error</c>,
/// the rest (model timeouts, internal, unavailable, not ready) → <c>server_error</c>.
/// </summary>
internal static class BedrockErrors
{
    public static GatewayError FromBody(int status, ReadOnlySpan<byte> body, string? errorTypeHeader, RuntimeProvider provider, string? retryAfter)
    {
        var error = UpstreamErrors.FromBody(status, body, provider, retryAfter);
        var exception = ExceptionName(errorTypeHeader);
        return exception is null ? error : error with { Type = TypeOf(exception, status), Code = exception };
    }

    /// <summary>An in-stream <c>exception</c>: its payload is <c>{"message": …}</c>, its name the <c>:exception-type</c> header.</summary>
    public static GatewayError FromStreamException(string? exceptionType, ReadOnlySpan<byte> payload, RuntimeProvider provider)
    {
        var name = ExceptionName(exceptionType) ?? "internalServerException";
        var status = StatusOf(name);
        var error = UpstreamErrors.FromBody(status, payload, provider, retryAfter: null);
        return error with { Type = TypeOf(name, status), Code = UpperFirst(name) };
    }

    /// <summary><c>ValidationException:http://…</c> → <c>ValidationException</c>; null for none.</summary>
    public static string? ExceptionName(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var colon = header.IndexOf(':');
        var name = (colon < 0 ? header : header[..colon]).Trim();
        return name.Length == 0 ? null : name;
    }

    private static string TypeOf(string exception, int status) => exception.ToLowerInvariant() switch
    {
        "validationexception" or "serializationexception" => ErrorTypes.InvalidRequest,
        "accessdeniedexception" => ErrorTypes.Permission,
        "unrecognizedclientexception" or "invalidsignatureexception" or "expiredtokenexception" or "incompletesignatureexception"
            or "missingauthenticationtokenexception" or "invalidclienttokenidexception" => ErrorTypes.Authentication,
        "throttlingexception" or "servicequotaexceededexception" or "toomanyrequestsexception" => "rate_limit_error",
        "resourcenotfoundexception" => ErrorTypes.NotFound,
        "modeltimeoutexception" or "internalserverexception" or "serviceunavailableexception" or "modelnotreadyexception"
            or "modelstreamerrorexception" or "modelerrorexception" => ErrorTypes.Server,
        _ => UpstreamErrors.TypeFor(status),
    };

    /// <summary>What the non-streamed API answers for the exception a stream reported.</summary>
    private static int StatusOf(string exception) => exception.ToLowerInvariant() switch
    {
        "validationexception" => 400,
        "throttlingexception" or "servicequotaexceededexception" => 429,
        "serviceunavailableexception" => 503,
        "modeltimeoutexception" => 408,
        "modelstreamerrorexception" => 424,
        _ => 500,
    };

    private static string UpperFirst(string name) => char.ToUpperInvariant(name[0]) + name[1..];
}
