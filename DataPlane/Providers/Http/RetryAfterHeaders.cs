using System.Globalization;
using System.Net.Http.Headers;

namespace DataPlane.Providers.Http;

/// <summary>
/// How long an upstream asked us to wait: <c>retry-after-ms</c> (OpenAI, Azure) first, then <c>Retry-After</c>
/// as seconds or an HTTP date.
/// </summary>
internal static class RetryAfterHeaders
{
    public static TimeSpan? Delay(HttpResponseHeaders headers, DateTimeOffset upstreamNow)
    {
        if (headers.NonValidated.TryGetValues("retry-after-ms", out var ms)
            && double.TryParse(ms.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds >= 0)
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        if (!headers.NonValidated.TryGetValues("Retry-After", out var values))
        {
            return null;
        }

        var text = values.ToString();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? (date > upstreamNow ? date - upstreamNow : TimeSpan.Zero)
            : null;
    }
}
