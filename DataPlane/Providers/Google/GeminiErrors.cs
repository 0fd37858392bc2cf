using DataPlane.Errors;
using DataPlane.Providers.Http;
using DataPlane.Snapshots;

namespace DataPlane.Providers.Google;

/// <summary>
/// Gemini's errors (<c>{"error":{"code":400,"message":"…","status":"INVALID_ARGUMENT"}}</c>, or a one-element array of that)
/// in OpenAI's shape: the upstream HTTP status, Gemini's message, an OpenAI <c>type</c> for its status name, and that
/// name lower-cased as <c>code</c> (e.g. <c>resource_exhausted</c>), with <c>provider</c>.
/// </summary>
internal static class GeminiErrors
{
    public static GatewayError FromBody(int status, ReadOnlySpan<byte> body, RuntimeProvider provider, string? retryAfter)
    {
        // The shared reader finds the message (object or array form), scrubs the key and sets provider and Retry-After;
        // it reads Gemini's "status" as the type and the numeric "code" as code, which are remapped here.
        var error = UpstreamErrors.FromBody(status, body, provider, retryAfter);
        var geminiStatus = IsStatusName(error.Type) ? error.Type : null;
        return error with
        {
            Type = TypeFor(geminiStatus, status),
            Code = geminiStatus?.ToLowerInvariant(),
        };
    }

    /// <summary>An error Gemini sent inside a stream that had begun (written as the terminal error event).</summary>
    public static GatewayError InStream(GeminiError error, RuntimeProvider provider)
    {
        var status = error.Code is >= 400 and < 600 ? error.Code.Value : StatusCodes.Status502BadGateway;
        var message = string.IsNullOrWhiteSpace(error.Message) ? $"Provider '@{provider.Slug}' reported an error in the stream." : error.Message;
        if (!string.IsNullOrEmpty(provider.ApiKey) && provider.ApiKey.Length >= 8)
        {
            message = message.Replace(provider.ApiKey, "***", StringComparison.Ordinal);
        }

        return new GatewayError(status, TypeFor(error.Status, status), message, null, error.Status?.ToLowerInvariant()) { Provider = provider.Slug };
    }

    /// <summary>OpenAI's error type for a Google RPC status name (else for the HTTP status).</summary>
    public static string TypeFor(string? geminiStatus, int httpStatus) => geminiStatus switch
    {
        "INVALID_ARGUMENT" or "FAILED_PRECONDITION" or "OUT_OF_RANGE" => ErrorTypes.InvalidRequest,
        "UNAUTHENTICATED" => ErrorTypes.Authentication,
        "PERMISSION_DENIED" => ErrorTypes.Permission,
        "NOT_FOUND" => ErrorTypes.NotFound,
        "RESOURCE_EXHAUSTED" => "rate_limit_error",
        null => UpstreamErrors.TypeFor(httpStatus),
        _ => ErrorTypes.Server,
    };

    // Google RPC status names are upper-case words joined by '_' (INVALID_ARGUMENT); anything else is not one.
    private static bool IsStatusName(string? value) =>
        !string.IsNullOrEmpty(value) && value.All(c => c is (>= 'A' and <= 'Z') or '_');
}
