using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ControlPlane.Http;

namespace ControlPlane.Tests;

public sealed class ProblemExceptionHandlerTests
{
    [Fact]
    public void Describe_MalformedJson_NamesTheField()
    {
        var json = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Dictionary<string, int>>("""{"credit_limit": "ten"}"""));
        var problem = ProblemExceptionHandler.Describe(new BadHttpRequestException("Failed to read parameter", 400, json));
        Assert.Equal(400, problem.Status);
        Assert.Contains("credit_limit", problem.Detail, StringComparison.Ordinal);
        var errors = Assert.IsType<Dictionary<string, string[]>>(problem.Extensions["errors"]);
        Assert.Equal(["credit_limit"], errors.Keys);
    }

    [Fact]
    public void Describe_TooLarge_Is413WithDetail()
    {
        var problem = ProblemExceptionHandler.Describe(new BadHttpRequestException("too big", 413));
        Assert.Equal(413, problem.Status);
        Assert.False(string.IsNullOrEmpty(problem.Detail));
    }

    [Theory]
    [InlineData("$.usage_limits.credit_limit", "usage_limits.credit_limit")]
    [InlineData("$", null)]
    [InlineData(null, null)]
    public void JsonPathToField_StripsTheRoot(string? path, string? field) =>
        Assert.Equal(field, ProblemExceptionHandler.JsonPathToField(path));
}
