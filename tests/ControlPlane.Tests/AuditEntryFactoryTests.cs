using ControlPlane.Audit;
using Microsoft.AspNetCore.Http;

namespace ControlPlane.Tests;

public sealed class AuditEntryFactoryTests
{
    [Theory]
    [InlineData("POST", "/v1/providers", true)]
    [InlineData("PUT", "/v1/providers/x", true)]
    [InlineData("PATCH", "/v1/anything", true)]
    [InlineData("DELETE", "/v1/api-keys/1", true)]
    [InlineData("GET", "/v1/providers", false)]
    [InlineData("POST", "/health", false)]
    public void IsAudited_OnlyMutationsUnderV1(string method, string path, bool audited)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        Assert.Equal(audited, AuditEntryFactory.IsAudited(context.Request));
    }

    [Theory]
    [InlineData("POST", "/v1/providers", "create")]
    [InlineData("PUT", "/v1/providers/x", "update")]
    [InlineData("DELETE", "/v1/providers/x", "delete")]
    [InlineData("DELETE", "/v1/api-keys/1", "revoke")]
    [InlineData("POST", "/v1/api-keys/1/usage/reset", "usage.reset")]
    public void Action_FollowsMethodAndResource(string method, string path, string action) =>
        Assert.Equal(action, AuditEntryFactory.Action(method, path));

    [Fact]
    public void Create_AfterCreate_TakesResourceIdFromLocationAndNeverTheBody()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = "/v1/providers";
        context.Response.Headers.Location = "/v1/providers/openai-prod";
        var entry = AuditEntryFactory.Create(context, 201, DateTimeOffset.UnixEpoch);
        Assert.Equal(("openai-prod", "create", 201, "/v1/providers"), (entry.ResourceId, entry.Action, entry.StatusCode, entry.Path));
        Assert.Null(entry.ActorApiKeyId);
    }
}
