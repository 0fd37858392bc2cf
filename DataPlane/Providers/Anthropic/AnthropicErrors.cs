using DataPlane.Errors;
using DataPlane.Providers.Http;
using DataPlane.Snapshots;

namespace DataPlane.Providers.Anthropic;

/// <summary>
/// Anthropic's errors (<c>{"type":"error","error":{"type","message"},"request_id"}</c>, as a body or an in-stream
/// <c>error</c> event) in OpenAI's shape with <c>provider</c>. The upstream status passes through unchanged — including
/// Anthropic's 529 (overloaded), which OpenAI clients treat like any 5xx (retryable). The type becomes OpenAI's:
/// <c>invalid_request_error</c>, <c>authentication_error</c>, <c>permission_error</c>, <c>not_found_error</c> and
/// <c>rate_limit_error</c> are spelled the same; <c>api_error</c> and <c>overloaded_error</c> become <c>server_error</c>,
/// <c>request_too_large</c> becomes <c>invalid_request_error</c>; the original type is kept as <c>code</c> when it changed.
/// </summary>
internal static class AnthropicErrors
{
    public static GatewayError FromBody(int status, ReadOnlySpan<byte> body, RuntimeProvider provider, string? retryAfter)
    {
        var error = UpstreamErrors.FromBody(status, body, provider, retryAfter);
        var type = error.Type switch
        {
            "api_error" or "overloaded_error" => ErrorTypes.Server,
            "request_too_large" => ErrorTypes.InvalidRequest,
            "billing_error" => ErrorTypes.Permission,
            "timeout_error" => ErrorTypes.Server,
            var same => same,
        };
        return type == error.Type ? error : error with { Type = type, Code = error.Code ?? error.Type };
    }
}
