using ControlPlane.ApiKeys;

namespace ControlPlane.Tests;

public sealed class ApiKeyValidatorTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Create_WithName_IsValid() =>
        Assert.True(ApiKeyValidator.Validate("workspace", "service", new CreateApiKeyRequest { Name = "ci" }, Now).IsEmpty);

    [Fact]
    public void Create_WithUnknownTypeAndSubType_NamesBoth()
    {
        var errors = ApiKeyValidator.Validate("team", "robot", new CreateApiKeyRequest { Name = "ci" }, Now);
        Assert.Equal(["sub_type", "type"], errors.Fields.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Create_WithUnknownScope_NamesItsIndex()
    {
        var errors = ApiKeyValidator.Validate("workspace", "user",
            new CreateApiKeyRequest { Name = "ci", Scopes = ["providers.read", "admin.everything"] }, Now);
        Assert.Equal(["scopes[1]"], errors.Fields);
    }

    [Fact]
    public void Create_WithPastExpiry_NamesExpiresAt()
    {
        var errors = ApiKeyValidator.Validate("workspace", "user", new CreateApiKeyRequest { Name = "ci", ExpiresAt = Now.AddSeconds(-1) }, Now);
        Assert.Equal(["expires_at"], errors.Fields);
    }

    [Fact]
    public void Create_OrganisationKeyWithHomeWorkspace_IsValid()
    {
        var errors = ApiKeyValidator.Validate("organisation", "user", new CreateApiKeyRequest { Name = "ci", WorkspaceId = Guid.NewGuid() }, Now);
        Assert.True(errors.IsEmpty);
    }

    [Fact]
    public void Create_WithoutName_NamesName()
    {
        var errors = ApiKeyValidator.Validate("workspace", "user", new CreateApiKeyRequest { Name = "  " }, Now);
        Assert.Equal(["name"], errors.Fields);
    }

    [Fact]
    public void EffectiveScopes_WhenOmitted_IsCompletionsWriteOnly() =>
        Assert.Equal(["completions.write"], ApiKeyValidator.EffectiveScopes(new CreateApiKeyRequest { Name = "ci" }));

    [Fact]
    public void EffectiveScopes_WithDuplicates_KeepsEachOnce() =>
        Assert.Equal(["logs.view", "providers.read"],
            ApiKeyValidator.EffectiveScopes(new CreateApiKeyRequest { Name = "ci", Scopes = ["logs.view", "providers.read", "logs.view"] }));
}
