using System.Text;
using ControlPlane.Audit;
using Microsoft.AspNetCore.Http;

namespace ControlPlane.Tests;

public sealed class AuditSummaryTests
{
    private static string? Summarize(string json) => AuditSummary.FromJson(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void FromJson_NamesFieldsAndShowsNameAndScopes()
    {
        var summary = Summarize("""{"name":"ci","scopes":["logs.view","configs.read"],"defaults":{"config_id":"pc-1"},"usage_limits":{"type":"cost","credit_limit":5}}""");
        Assert.Equal("""set name="ci", scopes=[logs.view,configs.read], defaults, usage_limits""", summary);
    }

    [Fact]
    public void FromJson_NeverHoldsProviderKeyOrNestedSecrets()
    {
        var summary = Summarize("""{"name":"openai","key":"sk-SECRET-1","configurations":{"aws_secret_access_key":"SECRET-2"},"config":{"api_key":"SECRET-3"}}""");
        Assert.NotNull(summary);
        Assert.DoesNotContain("SECRET", summary, StringComparison.Ordinal);
        Assert.Contains("key", summary, StringComparison.Ordinal);
        Assert.Contains("configurations", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_ShowsGracePeriodOfRotation() =>
        Assert.Equal("set grace_period_seconds=300", Summarize("""{"grace_period_seconds":300}"""));

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("[1,2]")]
    [InlineData("{\"name\":")]
    public void FromJson_WithoutFieldsOrMalformed_IsNull(string json) => Assert.Null(Summarize(json));

    [Fact]
    public void FromJson_LongValues_AreTruncated()
    {
        var summary = Summarize($$"""{"name":"{{new string('n', 5000)}}"}""")!;
        Assert.True(summary.Length <= AuditSummary.MaxLength);
    }

    [Theory]
    [InlineData("POST", "/v1/api-keys/0193b6a2-0000-7000-8000-000000000001/rotate", "rotate")]
    [InlineData("PUT", "/v1/api-keys/0193b6a2-0000-7000-8000-000000000001", "update")]
    [InlineData("DELETE", "/v1/admin/workspaces/0193b6a2-0000-7000-8000-000000000001", "delete")]
    public void Action_NamesRotateUpdateAndDelete(string method, string path, string action) =>
        Assert.Equal(action, AuditEntryFactory.Action(method, path));

    [Fact]
    public void Create_CarriesSummaryAndStatus()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "PUT";
        context.Request.Path = "/v1/api-keys/x";
        var entry = AuditEntryFactory.Create(context, 200, DateTimeOffset.UnixEpoch, "set name=\"ci\"");
        Assert.Equal(("set name=\"ci\"", 200, "update"), (entry.Summary, entry.StatusCode, entry.Action));
    }
}
