using System.Net;
using System.Text;
using DataPlane.BodyLogging;
using DataPlane.Tests.Routing;

namespace DataPlane.Tests.BodyLogging;

/// <summary>Bodies in usage events: only where a key or its workspace logs them, as the client sent and got them, cut at the limit.</summary>
public sealed class BodyLoggingTests(RoutingFixture fixture) : RoutingTestBase(fixture), IClassFixture<RoutingFixture>
{
    [Fact]
    public async Task AKeyThatLogsBodies_HasTheRequestAndTheAnswerInItsUsageEvent()
    {
        var body = Body("@primary/gpt-4o", "log me");
        var (response, traceId) = await SendAsync(null, body, RoutingFixture.BodyLoggingKey);
        var answer = await response.Content.ReadAsStringAsync(Ct);

        var usage = await WaitForUsageEventAsync(traceId);
        Assert.Equal(body, usage.RequestBody);
        Assert.Equal(answer, usage.ResponseBody);
    }

    [Fact]
    public async Task AStream_IsLoggedAsTheSseTextTheClientGot()
    {
        var (response, traceId) = await SendAsync(null, Body("@primary/gpt-4o", "stream me", stream: true), RoutingFixture.BodyLoggingKey);
        var text = await response.Content.ReadAsStringAsync(Ct);

        var usage = await WaitForUsageEventAsync(traceId);
        Assert.Equal(text, usage.ResponseBody);
        Assert.EndsWith("data: [DONE]\n\n", usage.ResponseBody);
    }

    [Fact]
    public async Task AWorkspaceThatLogsBodies_LogsThemForItsKeys_AndOthersDoNot()
    {
        var (logged, loggedTrace) = await SendAsync(null, Body("@mock-shared/m", "workspace b"), RoutingFixture.WorkspaceBKey);
        var (plain, plainTrace) = await SendAsync(null, Body("@mock-shared/m", "workspace a"));
        Assert.Equal(HttpStatusCode.OK, logged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);

        Assert.Contains("workspace b", (await WaitForUsageEventAsync(loggedTrace)).RequestBody);
        var unlogged = await WaitForUsageEventAsync(plainTrace);
        Assert.Null(unlogged.RequestBody);
        Assert.Null(unlogged.ResponseBody);
    }

    [Fact]
    public async Task ABodyPastTheLimit_IsCutWithAMarker()
    {
        var (_, traceId) = await SendAsync(null, Body("@primary/gpt-4o", new string('x', 40_000)), RoutingFixture.BodyLoggingKey);

        var usage = await WaitForUsageEventAsync(traceId);
        Assert.Matches(@"…\[truncated \d+ bytes\]$", usage.RequestBody);
        Assert.True(Encoding.UTF8.GetByteCount(usage.RequestBody!) < 33_000);
    }

    [Theory]
    [InlineData("héllo", 2, "h…[truncated 5 bytes]")] // é is two bytes: cutting inside it drops it whole
    [InlineData("héllo", 3, "hé…[truncated 3 bytes]")]
    [InlineData("abc", 3, "abc")]
    public void BodyText_CutsOnACharacterBoundary(string text, int kept, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Assert.Equal(expected, BodyText.From(bytes.AsSpan(0, Math.Min(kept, bytes.Length)), bytes.Length - Math.Min(kept, bytes.Length)));
    }
}
