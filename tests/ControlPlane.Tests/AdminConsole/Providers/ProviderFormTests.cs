using System.Text.Json;
using System.Text.Json.Nodes;
using ControlPlane.AdminConsole.Api;
using ControlPlane.AdminConsole.Forms;
using ControlPlane.AdminConsole.Pages.Providers;
using ControlPlane.Limits;
using ControlPlane.Providers;

namespace ControlPlane.Tests.AdminConsole.Providers;

public sealed class ProviderFormTests
{
    private static ProviderResponse Stored(bool hasKey = true, string? configurations = null, string? baseUrl = null) => new(
        Guid.NewGuid(), "stored-1", "Stored", "mock", WorkspaceId: null, baseUrl, hasKey, ["m-1", "m-2"],
        configurations is null ? null : JsonSerializer.Deserialize<JsonElement>(configurations), Disabled: false,
        new UsageLimitsResponse { Type = "cost", CreditLimit = 10, AlertThreshold = 8, PeriodicReset = "monthly", CurrentUsage = 1 },
        [new RateLimit { Type = "requests", Unit = "rpm", Value = 60 }], DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);

    /// <summary>The body as the API binds it (its own request record, snake_case), so these tests check the real contract.</summary>
    private static ProviderRequest AsApiReads(JsonObject body) =>
        JsonSerializer.Deserialize<ProviderRequest>(body.ToJsonString(), AdminApi.Json)!;

    private static JsonObject Body(ProviderForm form)
    {
        var (body, errors) = form.ToRequest();
        Assert.Empty(errors);
        return Assert.IsType<JsonObject>(body);
    }

    [Fact]
    public void ParseModels_SplitsOnCommasAndNewLines_TrimsAndDropsBlanksAndDuplicates() =>
        Assert.Equal(["gpt-4o", "gpt-4o-mini", "meta-llama/Llama-3-8b"],
            ProviderForm.ParseModels(" gpt-4o, gpt-4o-mini,\r\n\nmeta-llama/Llama-3-8b ,gpt-4o,"));

    [Fact]
    public void Create_WithEveryField_MakesARequestTheApiAccepts()
    {
        var form = new ProviderForm
        {
            AiProvider = "mock", Name = " Mock one ", Slug = "mock-one", Key = "sk-secret", BaseUrl = "https://mock.example/v1",
            Models = "a, b", UsageType = "cost", CreditLimit = "12.5", AlertThreshold = "10", PeriodicReset = "weekly",
            Configurations = """{ "default_max_tokens": 100 }""",
        };
        form.RateLimits.Add(new RateLimitRow { Type = "tokens", Unit = "rph", Value = "5000" });

        var request = AsApiReads(Body(form));

        Assert.True(ProviderValidator.Validate(request, stored: null).IsEmpty);
        Assert.Equal(("Mock one", "mock-one", "mock", "sk-secret"), (request.Name, request.Slug, request.AiProvider, request.Key));
        Assert.Equal(["a", "b"], request.Models!);
        Assert.Equal(new UsageLimits { Type = "cost", CreditLimit = 12.5m, AlertThreshold = 10, PeriodicReset = "weekly" }, request.UsageLimits);
        Assert.Equal(new RateLimit { Type = "tokens", Unit = "rph", Value = 5000 }, Assert.Single(request.RateLimits!));
        Assert.Equal(100, request.Configurations!.Value.GetProperty("default_max_tokens").GetInt32());
        Assert.False(request.Disabled);
    }

    [Fact]
    public void Create_WithBlanks_LeavesOutKeyBaseUrlLimitsAndConfigurations()
    {
        var body = Body(new ProviderForm { AiProvider = "mock", Name = "n", Slug = "s" });

        Assert.False(body.ContainsKey("key"));
        Assert.False(body.ContainsKey("base_url"));
        Assert.False(body.ContainsKey("usage_limits"));
        Assert.False(body.ContainsKey("rate_limits"));
        Assert.False(body.ContainsKey("configurations"));
        Assert.False(body.ContainsKey("workspace_id"));
    }

    [Fact]
    public void Create_WithoutKind_LeavesItForTheApiToName()
    {
        var request = AsApiReads(Body(new ProviderForm { Name = "n", Slug = "s" }));

        Assert.Equal(["ai_provider"], ProviderValidator.Validate(request, stored: null).Fields);
    }

    [Fact]
    public void Create_WithNegativeCreditLimit_IsSentSoTheApiNamesTheField()
    {
        var form = new ProviderForm { AiProvider = "mock", Name = "n", Slug = "s", UsageType = "cost", CreditLimit = "-5" };

        var errors = ProviderValidator.Validate(AsApiReads(Body(form)), stored: null);

        Assert.Equal(["usage_limits.credit_limit"], errors.Fields);
    }

    [Fact]
    public void CreditLimitThatIsNotANumber_IsRefusedAtTheApisPath()
    {
        var form = new ProviderForm { AiProvider = "mock", Name = "n", Slug = "s", UsageType = "tokens", CreditLimit = "ten" };

        var (body, errors) = form.ToRequest();

        Assert.Null(body);
        Assert.Equal(["usage_limits.credit_limit"], errors.Keys);
    }

    [Fact]
    public void RateLimitValueThatIsNotAWholeNumber_IsRefusedAtItsRowsPath()
    {
        var form = new ProviderForm { AiProvider = "mock", Name = "n", Slug = "s" };
        form.RateLimits.Add(new RateLimitRow { Value = "10" });
        form.RateLimits.Add(new RateLimitRow { Value = "1.5" });

        var (body, errors) = form.ToRequest();

        Assert.Null(body);
        Assert.Equal(["rate_limits[1].value"], errors.Keys);
    }

    [Fact]
    public void ConfigurationsThatAreNotJson_AreRefusedAtConfigurations()
    {
        var (body, errors) = new ProviderForm { AiProvider = "mock", Name = "n", Slug = "s", Configurations = "{ nope" }.ToRequest();

        Assert.Null(body);
        Assert.Equal(["configurations"], errors.Keys);
    }

    [Fact]
    public void From_FillsTheFormWithTheStoredValues_AndNeverAKey()
    {
        var form = ProviderForm.From(Stored(configurations: """{"aws_region":"eu-west-1"}"""));

        Assert.Equal(("Stored", "stored-1", "mock", ""), (form.Name, form.Slug, form.AiProvider, form.Key));
        Assert.Equal("m-1, m-2", form.Models);
        Assert.Equal(("cost", "10", "8", "monthly"), (form.UsageType, form.CreditLimit, form.AlertThreshold, form.PeriodicReset));
        Assert.Equal(("requests", "rpm", "60"), (form.RateLimits[0].Type, form.RateLimits[0].Unit, form.RateLimits[0].Value));
        Assert.Equal("eu-west-1", JsonDocument.Parse(form.Configurations).RootElement.GetProperty("aws_region").GetString());
        Assert.False(form.Creating);
    }

    [Fact]
    public void Edit_WithBlankKey_LeavesTheStoredKeyAlone()
    {
        var form = ProviderForm.From(Stored());
        form.Name = "Renamed";

        var body = Body(form);

        Assert.False(body.ContainsKey("key"));
        Assert.Equal("Renamed", AsApiReads(body).Name);
    }

    [Fact]
    public void Edit_WithANewKey_SendsIt_AndRemoveKeySendsEmpty()
    {
        var form = ProviderForm.From(Stored());
        form.Key = "sk-new";
        Assert.Equal("sk-new", AsApiReads(Body(form)).Key);

        form.RemoveKey = true;
        Assert.Equal("", AsApiReads(Body(form)).Key);
    }

    [Fact]
    public void Edit_WithUnchangedConfigurations_DoesNotSendThem_SoWriteOnlyFieldsSurvive()
    {
        // Bedrock's session_token reads back as has_session_token: sending the shown JSON back would drop the token.
        var form = ProviderForm.From(Stored(configurations: """{"aws_region":"eu-west-1","has_session_token":true}"""));

        Assert.False(Body(form).ContainsKey("configurations"));
    }

    [Fact]
    public void Edit_WithChangedConfigurations_SendsThem()
    {
        var form = ProviderForm.From(Stored(configurations: """{"aws_region":"eu-west-1"}"""));
        form.Configurations = """{"aws_region":"us-east-1"}""";

        Assert.Equal("us-east-1", AsApiReads(Body(form)).Configurations!.Value.GetProperty("aws_region").GetString());
    }

    [Fact]
    public void Edit_WithConfigurationsCleared_SendsJsonNull()
    {
        var form = ProviderForm.From(Stored(configurations: """{"aws_region":"eu-west-1"}"""));
        form.Configurations = " ";

        var body = Body(form);

        Assert.True(body.ContainsKey("configurations"));
        Assert.Null(body["configurations"]);
        Assert.Contains("\"configurations\":null", body.ToJsonString());
    }

    [Fact]
    public void Edit_WithUnchangedBaseUrl_DoesNotSendIt_AndAChangedOneIsSent()
    {
        var form = ProviderForm.From(Stored(baseUrl: "https://a.example"));
        Assert.False(Body(form).ContainsKey("base_url"));

        form.BaseUrl = "https://b.example";
        Assert.Equal("https://b.example", AsApiReads(Body(form)).BaseUrl);
    }

    [Fact]
    public void Edit_WithEveryRateLimitRowRemoved_SendsAnEmptyListThatRemovesThem()
    {
        var form = ProviderForm.From(Stored());
        form.RateLimits.Clear();

        Assert.Empty(AsApiReads(Body(form)).RateLimits!);
    }

    [Fact]
    public void Edit_Disabling_SendsDisabledTrue()
    {
        var form = ProviderForm.From(Stored());
        form.Disabled = true;

        Assert.True(AsApiReads(Body(form)).Disabled);
    }
}
