using System.Text.Json;
using Contracts.Json;
using ControlPlane.ApiKeys;

namespace ControlPlane.Tests;

public sealed class KeysUpdateValidationTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static UpdateApiKeyRequest Parse(string json) => JsonSerializer.Deserialize<UpdateApiKeyRequest>(json, ContractJson.Options)!;

    [Theory]
    [InlineData("type")]
    [InlineData("sub_type")]
    [InlineData("workspace_id")]
    [InlineData("id")]
    [InlineData("key_hash")]
    [InlineData("created_at")]
    [InlineData("key")]
    public void Update_SettingReadOnlyField_NamesThatField(string field)
    {
        var errors = ApiKeyValidator.ValidateUpdate(Parse($$"""{"name":"ci","{{field}}":"x"}"""), Now);
        Assert.Equal([field], errors.Fields);
    }

    [Fact]
    public void Update_WithOnlyUpdatableFields_IsValid()
    {
        var request = Parse("""
            {"name":"ci","scopes":["logs.view"],"defaults":{"metadata":{"team":"a"}},
             "rate_limits":[{"type":"requests","unit":"rpm","value":10}],
             "usage_limits":{"type":"cost","credit_limit":5},"expires_at":"2030-01-01T00:00:00Z","unknown_extra":1}
            """);
        Assert.True(ApiKeyValidator.ValidateUpdate(request, Now).IsEmpty);
    }

    [Fact]
    public void Update_WithEmptyNameBadScopeAndPastExpiry_NamesEachField()
    {
        var request = Parse("""{"name":" ","scopes":["nope"],"expires_at":"2020-01-01T00:00:00Z"}""");
        Assert.Equal(["name", "scopes[0]", "expires_at"], ApiKeyValidator.ValidateUpdate(request, Now).Fields);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(86_401)]
    public void Rotate_WithGraceOutOfRange_NamesGracePeriodSeconds(int grace) =>
        Assert.Equal(["grace_period_seconds"], ApiKeyValidator.ValidateRotate(new RotateApiKeyRequest { GracePeriodSeconds = grace }).Fields);

    [Fact]
    public void Rotate_WithoutBody_IsValid() => Assert.True(ApiKeyValidator.ValidateRotate(null).IsEmpty);

    [Fact]
    public void Create_BodyRepeatingPathTypes_IsValidButDifferentTypeIsNamed()
    {
        var same = new CreateApiKeyRequest { Name = "ci", Type = "organisation", SubType = "service" };
        Assert.True(ApiKeyValidator.Validate("organisation", "service", same, Now).IsEmpty);

        var different = same with { Type = "workspace", SubType = "user" };
        Assert.Equal(["type", "sub_type"], ApiKeyValidator.Validate("organisation", "service", different, Now).Fields);
    }

    [Fact]
    public void Create_UsersExample_IsValid()
    {
        var request = JsonSerializer.Deserialize<CreateApiKeyRequest>("""
            {"name":"reporting","type":"organisation","workspace_id":"0193b6a2-0000-7000-8000-000000000001",
             "defaults":{"config_id":"pc-abc","metadata":{"environment":"prod","department":"finance","team":"bi"}},
             "scopes":["logs.view","configs.read"]}
            """, ContractJson.Options)!;
        Assert.True(ApiKeyValidator.Validate("organisation", "service", request, Now).IsEmpty);
        Assert.Equal(["logs.view", "configs.read"], ApiKeyValidator.EffectiveScopes(request));
    }
}
