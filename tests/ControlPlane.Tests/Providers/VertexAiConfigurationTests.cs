using System.Text.Json;
using ControlPlane.Http;
using ControlPlane.Providers.Configurations;

namespace ControlPlane.Tests.Providers;

public sealed class VertexAiConfigurationTests
{
    private const string Key = """{"type":"service_account","project_id":"my-project-1","private_key":"-----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY-----\n","client_email":"a@my-project-1.iam.gserviceaccount.com","token_uri":"https://oauth2.googleapis.com/token"}""";

    private static ValidationErrors Check(string? configurations, bool hasKey = true, string? key = Key)
    {
        var errors = new ValidationErrors();
        VertexAiConfiguration.Validate(configurations is null ? null : JsonDocument.Parse(configurations).RootElement, hasKey, errors, key);
        return errors;
    }

    [Fact]
    public void Validate_RegionAndKeyWithProject_IsValid() => Assert.True(Check("""{"region":"us-central1"}""").IsEmpty);

    [Fact]
    public void Validate_GlobalRegion_IsValid() => Assert.True(Check("""{"region":"global","project_id":"other-project"}""").IsEmpty);

    [Fact]
    public void Validate_MissingRegion_NamesConfigurationsRegion() => Assert.Contains("configurations.region", Check("{}").Fields);

    [Fact]
    public void Validate_KeyWithoutProjectAndNoProjectId_NamesProjectId() =>
        Assert.Contains("configurations.project_id", Check("""{"region":"us-central1"}""", key: Key.Replace("\"project_id\":\"my-project-1\",", "")).Fields);

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"type":"service_account","client_email":"a@b.c","token_uri":"https://x/token"}""")]
    [InlineData("""{"type":"authorized_user","client_email":"a@b.c","private_key":"-----BEGIN PRIVATE KEY-----","token_uri":"https://x/token"}""")]
    public void Validate_BadServiceAccountKey_NamesKey_WithoutQuotingIt(string key)
    {
        var errors = Check("""{"region":"us-central1","project_id":"my-project-1"}""", key: key);
        Assert.Contains("key", errors.Fields);
        Assert.DoesNotContain(errors.ToDictionary()["key"], m => m.Contains("BEGIN PRIVATE KEY", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NoKey_NamesKey() => Assert.Contains("key", Check("""{"region":"us-central1","project_id":"my-project-1"}""", hasKey: false, key: null).Fields);
}
