using System.Text;
using System.Text.Json;
using DataPlane.Errors;
using DataPlane.Snapshots;

namespace DataPlane.Providers.Http;

/// <summary>
/// An upstream non-2xx answer as OpenAI's error shape: the upstream status passes through, with the
/// provider's own message, type and code where its body has them, and <c>provider</c> set. Understands
/// the common shapes: <c>{"error":{"message","type","code","param"}}</c> (OpenAI and most compatible
/// servers, Anthropic, Gemini), <c>{"error":"text"}</c>, <c>{"message": …}</c> / <c>{"detail": …}</c>,
/// and a JSON array of those (Gemini); anything else becomes a generic message naming the status.
/// </summary>
internal static class UpstreamErrors
{
    private const int MaxMessageLength = 2000;

    public static GatewayError FromBody(int status, ReadOnlySpan<byte> body, RuntimeProvider provider, string? retryAfter)
    {
        string? message = null, type = null, code = null, param = null;
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array && root.GetArrayLength() > 0)
            {
                root = root[0];
            }

            if (root.ValueKind == JsonValueKind.Object)
            {
                var error = root.TryGetProperty("error", out var e) ? e : root;
                if (error.ValueKind == JsonValueKind.String)
                {
                    message = error.GetString();
                }
                else if (error.ValueKind == JsonValueKind.Object)
                {
                    message = Text(error, "message") ?? Text(error, "detail");
                    type = Text(error, "type") ?? Text(error, "status");
                    code = Text(error, "code");
                    param = Text(error, "param");
                }

                message ??= Text(root, "message") ?? Text(root, "detail");
            }
        }
        catch (JsonException)
        {
            // Not JSON (an HTML error page, plain text): the generic message below says what we know.
        }

        if (string.IsNullOrWhiteSpace(message))
        {
            message = $"Provider '@{provider.Slug}' answered with status {status}.";
        }

        message = Scrub(message, provider.ApiKey);
        return new GatewayError(status, type ?? TypeFor(status), message, param, code)
        {
            Provider = provider.Slug,
            RetryAfter = retryAfter,
        };
    }

    /// <summary>OpenAI's error type for a status, when the provider named none.</summary>
    public static string TypeFor(int status) => status switch
    {
        401 => ErrorTypes.Authentication,
        403 => ErrorTypes.Permission,
        404 => ErrorTypes.NotFound,
        429 => "rate_limit_error",
        >= 500 => ErrorTypes.Server,
        _ => ErrorTypes.InvalidRequest,
    };

    private static string? Text(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.Array or JsonValueKind.Object => value.GetRawText(), // e.g. FastAPI's list of validation errors
            _ => null,
        };
    }

    /// <summary>Some providers echo the key they were sent; it never reaches a client.</summary>
    private static string Scrub(string message, string? apiKey)
    {
        if (!string.IsNullOrEmpty(apiKey) && apiKey.Length >= 8 && message.Contains(apiKey, StringComparison.Ordinal))
        {
            message = message.Replace(apiKey, "***", StringComparison.Ordinal);
        }

        if (message.Length > MaxMessageLength)
        {
            var cut = new StringBuilder(message, 0, MaxMessageLength, MaxMessageLength + 1).Append('…');
            message = cut.ToString();
        }

        return message;
    }
}
