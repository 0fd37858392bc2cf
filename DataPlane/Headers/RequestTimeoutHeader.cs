using System.Globalization;
using DataPlane.Errors;

namespace DataPlane.Headers;

/// <summary><c>x-portkey-request-timeout</c>: milliseconds, a positive integer; absent means the config decides.</summary>
internal static class RequestTimeoutHeader
{
    public static bool TryParse(string? header, out int? timeoutMs, out GatewayError? error)
    {
        timeoutMs = null;
        error = null;
        if (string.IsNullOrWhiteSpace(header))
        {
            return true;
        }

        if (int.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms > 0)
        {
            timeoutMs = ms;
            return true;
        }

        error = GatewayError.InvalidRequest(
            $"Header '{PortkeyHeaders.RequestTimeout}' must be a positive integer (milliseconds), not '{header}'.", PortkeyHeaders.RequestTimeout, "invalid_header");
        return false;
    }
}
