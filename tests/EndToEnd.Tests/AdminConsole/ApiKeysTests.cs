using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EndToEnd.Tests.AdminConsole;

/// <summary>The API keys pages: create (the secret shown once, copied), rotate, revoke — checked against the data plane.</summary>
public sealed class ApiKeysTests(GatewayAppFixture app, Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task A_key_created_in_the_console_shows_its_secret_once_copies_it_and_works_on_the_data_plane()
    {
        var ct = TestContext.Current.CancellationToken;
        var slug = "keys-" + Guid.NewGuid().ToString("N")[..8];
        await app.CreateMockProviderAsync(slug, ct);
        var name = "console key " + Guid.NewGuid().ToString("N")[..8];
        await using var console = await ConsolePage.OpenAsync(chromium, app);
        await console.Page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await console.SignInAsync(app.AdminApiKey, "/api-keys/new");
        await Expect(console.Page.GetByRole(AriaRole.Heading, new() { Name = "New API key", Level = 1 })).ToBeVisibleAsync();

        await console.Page.Locator("#key-type").SelectOptionAsync("workspace");
        await console.Page.Locator("#key-sub-type").SelectOptionAsync("service");
        await FillAsync(console.Page.Locator("#key-name"), name);
        await Expect(console.Page.Locator("#scope-completions-write")).ToBeCheckedAsync();
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();

        var secretBox = console.Page.GetByTestId("new-secret");
        await Expect(secretBox).ToHaveTextAsync(new Regex(@"\S{16,}"));
        var secret = (await secretBox.TextContentAsync())!.Trim();
        await Expect(console.Page.GetByTestId("secret-panel")).ToContainTextAsync("will not be shown again");
        await console.ScreenshotAsync("api-key-created");

        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Copy", Exact = true }).ClickAsync();
        await Expect(console.Page.GetByTestId("copied")).ToHaveTextAsync("Copied");
        Assert.Equal(secret, await console.Page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));

        await app.WaitUntilDataPlaneKnowsAsync(secret, ct);
        using (var chat = await app.DataPlane.SendAsync(Admin.Chat(secret, $"@{slug}/gpt-4o-mini", "hello from the console"), ct))
        {
            Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        }

        // Gone on reload, and nowhere else in the console either.
        var keyPage = await console.Page.GetByTestId("open-created").GetAttributeAsync("href");
        await console.Page.ReloadAsync();
        await Expect(console.Page.GetByRole(AriaRole.Heading, new() { Name = "New API key", Level = 1 })).ToBeVisibleAsync();
        await Expect(console.Page.GetByTestId("create-key-form")).ToBeVisibleAsync();
        await Expect(console.Page.GetByTestId("new-secret")).ToHaveCountAsync(0);
        Assert.DoesNotContain(secret, await console.Page.ContentAsync());

        await console.GotoAsync(keyPage!, name);
        await Expect(console.Page.GetByTestId("key-status")).ToHaveTextAsync("active");
        Assert.DoesNotContain(secret, await console.Page.ContentAsync());

        // A key with a budget, so the list shows usage against it.
        var budgeted = "budgeted " + name;
        await app.SendExpectingAsync(HttpMethod.Post, "/v1/api-keys/workspace/service", new
        {
            name = budgeted,
            usage_limits = new { type = "cost", credit_limit = 25, alert_threshold = 20, periodic_reset = "monthly" },
            rate_limits = new[] { new { type = "requests", unit = "rpm", value = 600 } },
        }, HttpStatusCode.Created, ct);
        await console.GotoAsync("/api-keys", "API keys");
        await console.Page.GetByLabel("Name contains").FillAsync(budgeted);
        var budgetRow = console.Page.GetByTestId("api-key-row").Filter(new() { HasText = budgeted });
        await Expect(budgetRow.GetByTestId("usage-bar")).ToContainTextAsync("of $25.00");
        await Expect(budgetRow.GetByTestId("usage-bar")).ToContainTextAsync("resets monthly");
        await console.Page.GetByLabel("Name contains").FillAsync(name);
        var row = console.Page.GetByTestId("api-key-row").Filter(new() { HasText = name }).Filter(new() { HasNotText = budgeted });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("workspace");
        Assert.DoesNotContain(secret, await console.Page.ContentAsync());
        await console.Page.GetByLabel("Name contains").FillAsync("");
        await console.ScreenshotAsync("api-keys");
    }

    [Fact]
    public async Task Revoking_a_key_in_the_console_makes_the_data_plane_reject_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var (key, id) = await app.CreateServiceKeyWithIdAsync(ct);
        await using var console = await ConsolePage.OpenAsync(chromium, app);
        await console.SignInAsync(app.AdminApiKey, $"/api-keys/{id}");
        await Expect(console.Page.GetByTestId("key-status")).ToHaveTextAsync("active");

        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Revoke…" }).ClickAsync();
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Revoke now" }).ClickAsync();

        await Expect(console.Page.GetByTestId("revoked-notice")).ToBeVisibleAsync();
        await Expect(console.Page.GetByTestId("key-status")).ToHaveTextAsync("revoked");
        await app.WaitUntilDataPlaneRejectsAsync(key, ct);
    }

    [Fact]
    public async Task Rotating_a_key_in_the_console_shows_a_new_secret_that_works_and_stops_the_old_one()
    {
        var ct = TestContext.Current.CancellationToken;
        var slug = "keys-" + Guid.NewGuid().ToString("N")[..8];
        await app.CreateMockProviderAsync(slug, ct);
        var (oldKey, id) = await app.CreateServiceKeyWithIdAsync(ct);
        await using var console = await ConsolePage.OpenAsync(chromium, app);
        await console.SignInAsync(app.AdminApiKey, $"/api-keys/{id}");
        await Expect(console.Page.GetByTestId("key-status")).ToHaveTextAsync("active");

        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Rotate…" }).ClickAsync();
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Rotate now" }).ClickAsync();

        var secretBox = console.Page.GetByTestId("new-secret");
        await Expect(secretBox).ToHaveTextAsync(new Regex(@"\S{16,}"));
        var newKey = (await secretBox.TextContentAsync())!.Trim();
        Assert.NotEqual(oldKey, newKey);
        await app.WaitUntilDataPlaneKnowsAsync(newKey, ct);
        using (var chat = await app.DataPlane.SendAsync(Admin.Chat(newKey, $"@{slug}/gpt-4o-mini", "hi after rotation"), ct))
        {
            Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        }

        await app.WaitUntilDataPlaneRejectsAsync(oldKey, ct);
        await console.Page.ReloadAsync();
        await Expect(console.Page.GetByTestId("key-status")).ToHaveTextAsync("active");
        await Expect(console.Page.GetByTestId("new-secret")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_invalid_budget_shows_the_APIs_error_beside_the_budget_fields_and_creates_nothing()
    {
        var name = "bad budget " + Guid.NewGuid().ToString("N")[..8];
        await using var console = await ConsolePage.OpenAsync(chromium, app);
        await console.SignInAsync(app.AdminApiKey, "/api-keys/new");
        await Expect(console.Page.GetByRole(AriaRole.Heading, new() { Name = "New API key", Level = 1 })).ToBeVisibleAsync();

        await FillAsync(console.Page.Locator("#key-name"), name);
        await console.Page.Locator("#key-has-budget").CheckAsync();
        await FillAsync(console.Page.Locator("#key-credit-limit"), "5");
        await FillAsync(console.Page.Locator("#key-alert-threshold"), "10");
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();

        await Expect(console.Page.GetByTestId("error-usage_limits")).ToContainTextAsync("alert_threshold: must be greater than 0 and at most credit_limit");
        await Expect(console.Page.Locator("#key-alert-threshold")).ToHaveClassAsync(new Regex(@"\binvalid\b"));
        await Expect(console.Page.GetByTestId("new-secret")).ToHaveCountAsync(0);
        var keys = await app.SendExpectingAsync(HttpMethod.Get, "/v1/api-keys", null, HttpStatusCode.OK, TestContext.Current.CancellationToken);
        Assert.DoesNotContain(keys.GetProperty("data").EnumerateArray(), k => k.GetProperty("name").GetString() == name);
    }

    [Fact]
    public async Task Editing_a_key_saves_name_scopes_and_rate_limits_through_the_API()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, id) = await app.CreateServiceKeyWithIdAsync(ct);
        var name = "edited " + Guid.NewGuid().ToString("N")[..8];
        await using var console = await ConsolePage.OpenAsync(chromium, app);
        await console.SignInAsync(app.AdminApiKey, $"/api-keys/{id}");
        await Expect(console.Page.GetByTestId("edit-key-form")).ToBeVisibleAsync();

        await FillAsync(console.Page.Locator("#key-name"), name);
        await console.Page.Locator("#scope-logs-view").CheckAsync();
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Add rate limit" }).ClickAsync();
        await FillAsync(console.Page.Locator("#rate-value-0"), "120");
        await FillAsync(console.Page.Locator("#key-metadata"), "team=search\nenv=ci");
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();

        await Expect(console.Page.GetByTestId("saved")).ToBeVisibleAsync();
        await Expect(console.Page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        var key = await app.SendExpectingAsync(HttpMethod.Get, $"/v1/api-keys/{id}", null, HttpStatusCode.OK, ct);
        Assert.Equal(name, key.GetProperty("name").GetString());
        Assert.Equal(["completions.write", "logs.view"], key.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()!).Order());
        var rate = Assert.Single(key.GetProperty("rate_limits").EnumerateArray());
        Assert.Equal(120, rate.GetProperty("value").GetInt64());
        Assert.Equal("search", key.GetProperty("defaults").GetProperty("metadata").GetProperty("team").GetString());
        await console.ScreenshotAsync("api-key-detail");
    }

    [Fact]
    public async Task A_workspace_key_sees_and_creates_only_its_own_workspaces_keys()
    {
        var ct = TestContext.Current.CancellationToken;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var team = (await app.SendExpectingAsync(HttpMethod.Post, "/v1/admin/workspaces",
            new { name = "Keys " + suffix, slug = "keys-" + suffix }, HttpStatusCode.Created, ct)).GetProperty("id").GetGuid();
        var teamKey = (await app.SendExpectingAsync(HttpMethod.Post, "/v1/api-keys/workspace/service",
            new { name = "team admin " + suffix, workspace_id = team, scopes = new[] { "api_keys.read", "api_keys.write", "completions.write" } },
            HttpStatusCode.Created, ct)).GetProperty("key").GetString()!;
        var (_, otherId) = await app.CreateServiceKeyWithIdAsync(ct);
        await using var console = await ConsolePage.OpenAsync(chromium, app);
        await console.SignInAsync(teamKey, "/api-keys");
        await Expect(console.Page.GetByTestId("api-keys")).ToBeVisibleAsync();

        // Only its own workspace's keys: itself, not the bootstrap key nor the default workspace's.
        await Expect(console.Page.GetByTestId("api-key-row")).ToHaveCountAsync(1);
        await Expect(console.Page.GetByTestId("api-key-row")).ToContainTextAsync("team admin " + suffix);
        await console.GotoAsync($"/api-keys/{otherId}", "API key");
        await Expect(console.Page.GetByTestId("problem")).ToContainTextAsync("Not Found", new() { IgnoreCase = true });

        // It can only make workspace keys, in its own workspace, with scopes it holds.
        await console.GotoAsync("/api-keys/new", "New API key");
        await Expect(console.Page.Locator("#key-type option")).ToHaveCountAsync(1);
        await Expect(console.Page.Locator("#key-type")).ToHaveValueAsync("workspace");
        var name = "made by team " + suffix;
        await FillAsync(console.Page.Locator("#key-name"), name);
        await console.Page.Locator("#scope-logs-view").CheckAsync();
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await Expect(console.Page.GetByTestId("problem")).ToContainTextAsync("logs.view");
        await console.Page.Locator("#scope-logs-view").UncheckAsync();
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await Expect(console.Page.GetByTestId("new-secret")).ToBeVisibleAsync();

        var made = (await app.SendExpectingAsync(HttpMethod.Get, "/v1/api-keys", null, HttpStatusCode.OK, ct))
            .GetProperty("data").EnumerateArray().Single(k => k.GetProperty("name").GetString() == name);
        Assert.Equal(team, made.GetProperty("workspace_id").GetGuid());
    }

    /// <summary>Fills an input and fires its change event, which Blazor's <c>@bind</c> listens to.</summary>
    private static async Task FillAsync(ILocator input, string value)
    {
        await input.FillAsync(value);
        await input.DispatchEventAsync("change");
    }
}
