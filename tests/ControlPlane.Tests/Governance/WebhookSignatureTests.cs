using System.Security.Cryptography;
using System.Text;
using ControlPlane.Governance;

namespace ControlPlane.Tests.Governance;

public sealed class WebhookSignatureTests
{
    [Fact]
    public void Create_IsTimestampAndLowerHexHmacOfTimestampDotBody()
    {
        const string body = """{"id":"1-0"}""";
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("secret"), Encoding.UTF8.GetBytes("1700000000." + body)));
        Assert.Equal($"t=1700000000,v1={expected}", WebhookSignature.Create("secret", 1_700_000_000, body));
    }

    [Fact]
    public void AuditId_IsStablePerStreamEntry()
    {
        Assert.Equal(AlertHandler.AuditId("1700000000000-0"), AlertHandler.AuditId("1700000000000-0"));
        Assert.NotEqual(AlertHandler.AuditId("1700000000000-0"), AlertHandler.AuditId("1700000000000-1"));
    }

    [Fact]
    public void ReconcileFrom_IsPeriodStartOrResetFlooredToTheMinute()
    {
        var now = new DateTimeOffset(2025, 6, 18, 10, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero), BudgetReconciler.From("monthly", "", now));
        var reset = new DateTimeOffset(2025, 6, 10, 8, 30, 45, TimeSpan.Zero).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(new DateTimeOffset(2025, 6, 10, 8, 30, 0, TimeSpan.Zero), BudgetReconciler.From("monthly", reset, now));
        // A reset from a previous period does not move the start back.
        var old = new DateTimeOffset(2025, 5, 30, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero), BudgetReconciler.From("monthly", old, now));
        Assert.Equal(DateTimeOffset.UnixEpoch, BudgetReconciler.From(null, "", now));
    }
}
