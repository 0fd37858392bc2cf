using ControlPlane.AdminConsole.Api;
using ControlPlane.AdminConsole.Forms;
using ControlPlane.AdminConsole.Pages.ApiKeys;
using ControlPlane.ApiKeys;
using ControlPlane.Limits;

namespace ControlPlane.Tests.AdminConsole.ApiKeys;

public sealed class ApiKeyFormTests
{
    private static ApiKeyResponse Key(
        IReadOnlyList<string>? scopes = null, DateTimeOffset? expiresAt = null, UsageLimitsResponse? usageLimits = null, ApiKeyDefaultsBody? defaults = null) => new()
    {
        Id = Guid.NewGuid(), Name = "ci", Type = "workspace", SubType = "service", WorkspaceId = Guid.NewGuid(),
        Scopes = scopes ?? ["completions.write"], ExpiresAt = expiresAt, UsageLimits = usageLimits, Defaults = defaults,
        Status = "active", CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void ParseMetadata_KeyValueLines_TrimsAndSkipsBlankLines_AndKeepsEqualsInValues()
    {
        var metadata = ParseMetadataOk(" team = search \n\n  query=a=b\r\n");

        Assert.Equal(2, metadata.Count);
        Assert.Equal("search", metadata["team"]);
        Assert.Equal("a=b", metadata["query"]);
    }

    [Fact]
    public void ParseMetadata_JsonObjectOfStrings_IsRead()
    {
        var metadata = ParseMetadataOk("""{"_user": "ann", "tier": "pro"}""");

        Assert.Equal("ann", metadata["_user"]);
        Assert.Equal("pro", metadata["tier"]);
    }

    [Theory]
    [InlineData("""{"tier": 3}""", "the value of 'tier' must be a string.")]
    [InlineData("team=search\nnot a pair", "line 2: write key=value (or a JSON object).")]
    [InlineData("=value", "line 1: write key=value (or a JSON object).")]
    [InlineData("team=a\nteam=b", "line 2: 'team' is given twice.")]
    public void ParseMetadata_Unreadable_SaysWhy(string text, string expected)
    {
        Assert.Null(ApiKeyForm.ParseMetadata(text, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void ParseMetadata_BrokenJson_IsAnError()
    {
        Assert.Null(ApiKeyForm.ParseMetadata("{\"team\": ", out var error));
        Assert.StartsWith("is not a valid JSON object", error);
    }

    [Fact]
    public void ParseMetadata_Empty_IsNoMetadata()
    {
        Assert.Null(ApiKeyForm.ParseMetadata("  \n ", out var error));
        Assert.Null(error);
    }

    [Fact]
    public void FormatMetadata_SimpleEntries_AreLines_ThatParseBack()
    {
        var metadata = new Dictionary<string, string> { ["team"] = "search", ["env"] = "ci" };

        var text = ApiKeyForm.FormatMetadata(metadata);

        Assert.Equal("team=search\nenv=ci", text);
        Assert.Equal(metadata, ApiKeyForm.ParseMetadata(text, out _));
    }

    [Fact]
    public void FormatMetadata_EntriesALineCannotHold_AreJson_ThatParsesBack()
    {
        var metadata = new Dictionary<string, string> { ["a=b"] = "x", ["note"] = "two\nlines", ["pad"] = " spaced " };

        var text = ApiKeyForm.FormatMetadata(metadata);

        Assert.StartsWith("{", text);
        Assert.Equal(metadata, ApiKeyForm.ParseMetadata(text, out _));
    }

    [Fact]
    public void ToCreate_ValidForm_BuildsTheApiBody()
    {
        var workspace = Guid.NewGuid();
        var model = new ApiKeyFormModel
        {
            Name = "  search bot ", UserId = " ", ConfigId = "pc-abc", Metadata = "team=search", AllowConfigOverride = false,
            LogBodies = "false", HasBudget = true, BudgetType = "tokens", CreditLimit = "1000", AlertThreshold = "800.5",
            PeriodicReset = "monthly", ExpiresAt = "2030-01-02T03:04",
        };
        model.Scopes.Add("logs.view");
        model.Scopes.Add("analytics.view");
        model.RateLimits.Add(new RateLimitRow { Type = "tokens", Unit = "rph", Value = " 5000 " });

        var body = ApiKeyForm.ToCreate(model, workspace, out var problem);

        Assert.Null(problem);
        Assert.NotNull(body);
        Assert.Equal("search bot", body.Name);
        Assert.Null(body.UserId);
        Assert.Equal(workspace, body.WorkspaceId);
        // In the order of Scopes.All, whatever the clicking order.
        Assert.Equal(["completions.write", "logs.view", "analytics.view"], body.Scopes);
        Assert.Equal("pc-abc", body.Defaults!.ConfigId);
        Assert.Equal("search", body.Defaults.Metadata!["team"]);
        Assert.False(body.Defaults.AllowConfigOverride);
        Assert.False(body.Defaults.LogBodies);
        var rate = Assert.Single(body.RateLimits!);
        Assert.Equal(new RateLimit { Type = "tokens", Unit = "rph", Value = 5000 }, rate);
        Assert.Equal(new UsageLimits { Type = "tokens", CreditLimit = 1000m, AlertThreshold = 800.5m, PeriodicReset = "monthly" }, body.UsageLimits);
        Assert.Equal(new DateTimeOffset(2030, 1, 2, 3, 4, 0, TimeSpan.Zero), body.ExpiresAt);
    }

    [Fact]
    public void ToCreate_UnreadableFields_AreErrorsAtTheApisPaths_AndNoBody()
    {
        var model = new ApiKeyFormModel
        {
            Name = "x", Metadata = "oops", HasBudget = true, CreditLimit = "", AlertThreshold = "ten", ExpiresAt = "tomorrow",
        };
        model.RateLimits.Add(new RateLimitRow { Value = "100" });
        model.RateLimits.Add(new RateLimitRow { Value = "-1" });

        var body = ApiKeyForm.ToCreate(model, null, out var problem);

        Assert.Null(body);
        Assert.NotNull(problem);
        Assert.Equal(400, problem.Status);
        Assert.Equal(
            ["defaults.metadata", "expires_at", "rate_limits[1].value", "usage_limits.alert_threshold", "usage_limits.credit_limit"],
            problem.Errors.Keys.Order());
        Assert.Equal(["is required."], problem.For("usage_limits.credit_limit"));
    }

    [Fact]
    public void ToCreate_WithoutBudgetOrLimits_SendsNone_AndEmptyExpiryIsNever()
    {
        var body = ApiKeyForm.ToCreate(new ApiKeyFormModel { Name = "x", CreditLimit = "junk" }, null, out var problem);

        Assert.Null(problem);
        Assert.Null(body!.UsageLimits);
        Assert.Null(body.ExpiresAt);
        Assert.Null(body.RateLimits);
    }

    [Fact]
    public void ToUpdate_UnchangedScopesAndExpiry_AreNotSent()
    {
        var expiry = new DateTimeOffset(2031, 5, 6, 7, 8, 0, TimeSpan.Zero);
        var original = Key(scopes: ["logs.view", "completions.write"], expiresAt: expiry);
        var model = ApiKeyForm.FromResponse(original);

        var body = ApiKeyForm.ToUpdate(model, original, out var problem);

        Assert.Null(problem);
        Assert.Null(body!.Scopes);
        Assert.Null(body.ExpiresAt);
        Assert.Equal("ci", body.Name);
    }

    [Fact]
    public void ToUpdate_ChangedScopesAndExpiry_AreSent()
    {
        var original = Key(expiresAt: new DateTimeOffset(2031, 5, 6, 7, 8, 0, TimeSpan.Zero));
        var model = ApiKeyForm.FromResponse(original);
        model.Scopes.Add("configs.read");
        model.ExpiresAt = "2032-01-01T00:00";

        var body = ApiKeyForm.ToUpdate(model, original, out var problem);

        Assert.Null(problem);
        Assert.Equal(["completions.write", "configs.read"], body!.Scopes);
        Assert.Equal(new DateTimeOffset(2032, 1, 1, 0, 0, 0, TimeSpan.Zero), body.ExpiresAt);
    }

    [Fact]
    public void ToUpdate_RemovingABudgetOrAnExpiry_IsRefused_TheApiWouldKeepThem()
    {
        var original = Key(
            expiresAt: new DateTimeOffset(2031, 5, 6, 7, 8, 0, TimeSpan.Zero),
            usageLimits: new UsageLimitsResponse { Type = "cost", CreditLimit = 10 });
        var model = ApiKeyForm.FromResponse(original);
        model.HasBudget = false;
        model.ExpiresAt = "";

        Assert.Null(ApiKeyForm.ToUpdate(model, original, out var problem));
        Assert.Equal(["expires_at", "usage_limits"], problem!.Errors.Keys.Order());
    }

    [Fact]
    public void FromResponse_ThenToUpdate_KeepsDefaultsLimitsAndLogBodies()
    {
        var original = Key(
            usageLimits: new UsageLimitsResponse { Type = "tokens", CreditLimit = 5000, AlertThreshold = 4000, PeriodicReset = "weekly", CurrentUsage = 12 },
            defaults: new ApiKeyDefaultsBody
            {
                ConfigId = "pc-x", Metadata = new Dictionary<string, string> { ["team"] = "a" }, AllowConfigOverride = false, LogBodies = true,
            }) with { RateLimits = [new RateLimit { Type = "requests", Unit = "rpd", Value = 9 }] };

        var body = ApiKeyForm.ToUpdate(ApiKeyForm.FromResponse(original), original, out var problem);

        Assert.Null(problem);
        Assert.Equal(new UsageLimits { Type = "tokens", CreditLimit = 5000, AlertThreshold = 4000, PeriodicReset = "weekly" }, body!.UsageLimits);
        Assert.Equal(new RateLimit { Type = "requests", Unit = "rpd", Value = 9 }, Assert.Single(body.RateLimits!));
        Assert.Equal("pc-x", body.Defaults!.ConfigId);
        Assert.Equal("a", body.Defaults.Metadata!["team"]);
        Assert.False(body.Defaults.AllowConfigOverride);
        Assert.True(body.Defaults.LogBodies);
    }

    [Fact]
    public void Unplaced_ListsErrorsNotAtOrUnderAFieldOfTheForm_NotALongerName()
    {
        var problem = new ApiProblem(400, "Invalid", null, new Dictionary<string, string[]>
        {
            ["usage_limits.credit_limit"] = ["must be greater than 0."],
            ["rate_limits[1].value"] = ["must be greater than 0."],
            ["name"] = ["is required."],
            ["names"] = ["other."],
            ["defaults.log_bodies"] = ["must be a boolean."],
        });

        Assert.Equal([("names", "other."), ("defaults.log_bodies", "must be a boolean.")], ApiKeyForm.Unplaced(problem));
        Assert.Empty(ApiKeyForm.Unplaced(null));
    }

    private static IReadOnlyDictionary<string, string> ParseMetadataOk(string text)
    {
        var metadata = ApiKeyForm.ParseMetadata(text, out var error);
        Assert.Null(error);
        return Assert.IsAssignableFrom<IReadOnlyDictionary<string, string>>(metadata);
    }
}
