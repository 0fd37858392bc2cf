using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ControlPlane.Governance;

/// <summary>
/// <c>X-Gateway-Signature: t=&lt;unix seconds&gt;,v1=&lt;lower-hex HMAC-SHA256(secret, "&lt;t&gt;.&lt;body&gt;")&gt;</c>: the receiver
/// recomputes it to know the alert came from us, and checks <c>t</c> against replays.
/// </summary>
internal static class WebhookSignature
{
    public const string Header = "X-Gateway-Signature";
    public const string EventIdHeader = "X-Gateway-Event-Id";

    public static string Create(string secret, long unixSeconds, string body)
    {
        var t = unixSeconds.ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }
}
