using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EndToEnd.Tests.AdminConsole;

public sealed class ProvidersTests(GatewayAppFixture app, Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task An_admin_adds_a_provider_with_a_budget_then_edits_and_disables_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var slug = "ui-" + Guid.NewGuid().ToString("N")[..8];
        var secret = "sk-ui-" + Guid.NewGuid().ToString("N");
        var name = $"Mock UI {slug}";
        await using var console = await ConsolePage.OpenAsync(chromium, app);
        var page = console.Page;
        await console.SignInAsync(app.AdminApiKey, "/providers");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Providers", Level = 1 })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Add provider" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Add provider", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Kind").SelectOptionAsync("mock");
        await page.Locator("#provider-name").FillAsync(name);
        await page.Locator("#provider-slug").FillAsync(slug);
        await page.Locator("#provider-key").FillAsync(secret);
        await page.Locator("#provider-models").FillAsync("mock-a,\nmock-b");
        await page.Locator("#usage-type").SelectOptionAsync("cost");
        await page.Locator("#usage-credit-limit").FillAsync("25");
        await page.Locator("#usage-alert-threshold").FillAsync("20");
        await page.Locator("#usage-periodic-reset").SelectOptionAsync("monthly");
        // Enter in a field submits the form, as in any real form.
        await page.Locator("#provider-name").PressAsync("Enter");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Providers", Level = 1 })).ToBeVisibleAsync();
        var row = page.Locator($"tr[data-slug='{slug}']");
        await Expect(row.GetByTestId("provider-name")).ToHaveTextAsync(name);
        await Expect(row.GetByTestId("provider-models")).ToHaveTextAsync("mock-a, mock-b");
        await Expect(row.GetByTestId("provider-state")).ToHaveTextAsync("enabled");
        await Expect(row.GetByTestId("usage-bar")).ToContainTextAsync("of $25.00");
        await Expect(row.GetByTestId("usage-bar")).ToContainTextAsync("resets monthly");
        Assert.DoesNotContain(secret, await page.ContentAsync());

        var created = await app.SendExpectingAsync(HttpMethod.Get, $"/v1/providers/{slug}", null, HttpStatusCode.OK, ct);
        Assert.True(created.GetProperty("has_key").GetBoolean());
        Assert.False(created.TryGetProperty("key", out _));
        Assert.DoesNotContain(secret, created.GetRawText());
        Assert.Equal("mock", created.GetProperty("ai_provider").GetString());
        Assert.Equal(["mock-a", "mock-b"], created.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        var limits = created.GetProperty("usage_limits");
        Assert.Equal(("cost", 25m, 20m, "monthly"), (limits.GetProperty("type").GetString(), limits.GetProperty("credit_limit").GetDecimal(),
            limits.GetProperty("alert_threshold").GetDecimal(), limits.GetProperty("periodic_reset").GetString()));

        // Edit: the key field starts blank and, left blank, keeps the stored key.
        await row.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Edit provider", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#provider-name")).ToHaveValueAsync(name);
        await Expect(page.Locator("#provider-key")).ToHaveValueAsync("");
        await Expect(page.GetByTestId("provider-key-state")).ToContainTextAsync("A key is set");
        await Expect(page.Locator("#usage-credit-limit")).ToHaveValueAsync("25");
        await page.Locator("#provider-name").FillAsync(name + " renamed");
        await page.Locator("#provider-models").FillAsync("mock-c");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Providers", Level = 1 })).ToBeVisibleAsync();
        await Expect(row.GetByTestId("provider-name")).ToHaveTextAsync(name + " renamed");
        await Expect(row.GetByTestId("provider-models")).ToHaveTextAsync("mock-c");
        var edited = await app.SendExpectingAsync(HttpMethod.Get, $"/v1/providers/{slug}", null, HttpStatusCode.OK, ct);
        Assert.Equal(name + " renamed", edited.GetProperty("name").GetString());
        Assert.Equal(["mock-c"], edited.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        Assert.True(edited.GetProperty("has_key").GetBoolean());

        await row.GetByRole(AriaRole.Button, new() { Name = $"Disable {slug}" }).ClickAsync();

        await Expect(row.GetByTestId("provider-state")).ToHaveTextAsync("disabled");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = $"Enable {slug}" })).ToBeVisibleAsync();
        var disabled = await app.SendExpectingAsync(HttpMethod.Get, $"/v1/providers/{slug}", null, HttpStatusCode.OK, ct);
        Assert.True(disabled.GetProperty("disabled").GetBoolean());
        await row.ScrollIntoViewIfNeededAsync();
        await console.ScreenshotAsync("providers");
    }

    [Fact]
    public async Task The_apis_errors_for_an_invalid_credit_limit_and_a_duplicate_slug_show_beside_those_fields()
    {
        var ct = TestContext.Current.CancellationToken;
        var slug = "ui-dup-" + Guid.NewGuid().ToString("N")[..8];
        await app.CreateMockProviderAsync(slug, ct);
        await using var console = await ConsolePage.OpenAsync(chromium, app);
        var page = console.Page;
        await console.SignInAsync(app.AdminApiKey, "/providers/new");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Add provider", Level = 1 })).ToBeVisibleAsync();

        await page.GetByLabel("Kind").SelectOptionAsync("mock");
        await page.Locator("#provider-name").FillAsync("Duplicate");
        await page.Locator("#provider-slug").FillAsync(slug);
        await page.Locator("#usage-type").SelectOptionAsync("cost");
        await page.Locator("#usage-credit-limit").FillAsync("-5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create provider" }).ClickAsync();

        // The API validates fields before it looks for a duplicate: first the credit limit…
        await Expect(page.GetByTestId("error-usage_limits.credit_limit")).ToContainTextAsync("must be greater than 0");
        await Expect(page.Locator("#usage-credit-limit")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\binvalid\b"));
        await Expect(page.GetByTestId("error-slug")).ToHaveCountAsync(0);
        await console.ScreenshotAsync("providers-errors");

        // …then, once that is fixed, the slug that is taken.
        await page.Locator("#usage-credit-limit").FillAsync("5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create provider" }).ClickAsync();

        await Expect(page.GetByTestId("error-slug")).ToContainTextAsync("already exists");
        await Expect(page.GetByTestId("error-usage_limits.credit_limit")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Add provider", Level = 1 })).ToBeVisibleAsync();
        var existing = await app.SendExpectingAsync(HttpMethod.Get, $"/v1/providers/{slug}", null, HttpStatusCode.OK, ct);
        Assert.Equal($"Mock {slug}", existing.GetProperty("name").GetString());
        Assert.False(existing.TryGetProperty("usage_limits", out var limits) && limits.ValueKind != JsonValueKind.Null);
    }

    [Fact]
    public async Task A_workspace_key_sees_its_own_and_shared_providers_only_and_adds_into_its_own_workspace()
    {
        var ct = TestContext.Current.CancellationToken;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var team = await app.SendExpectingAsync(HttpMethod.Post, "/v1/admin/workspaces",
            new { name = "Team " + suffix, slug = "team-" + suffix }, HttpStatusCode.Created, ct);
        var teamId = team.GetProperty("id").GetString();
        var other = await app.SendExpectingAsync(HttpMethod.Post, "/v1/admin/workspaces",
            new { name = "Other " + suffix, slug = "other-" + suffix }, HttpStatusCode.Created, ct);
        var sharedSlug = "ui-shared-" + suffix;
        var otherSlug = "ui-other-" + suffix;
        await app.CreateMockProviderAsync(sharedSlug, ct);
        await app.SendExpectingAsync(HttpMethod.Post, "/v1/providers",
            new { name = "Other's", slug = otherSlug, ai_provider = "mock", workspace_id = other.GetProperty("id").GetString() }, HttpStatusCode.Created, ct);
        var teamKey = (await app.SendExpectingAsync(HttpMethod.Post, "/v1/api-keys/workspace/service", new
        {
            name = "team console " + suffix,
            workspace_id = teamId,
            scopes = new[] { "providers.read", "providers.write", "workspaces.read" },
        }, HttpStatusCode.Created, ct)).GetProperty("key").GetString()!;
        await using var console = await ConsolePage.OpenAsync(chromium, app);
        var page = console.Page;
        await console.SignInAsync(teamKey, "/providers/new");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Add provider", Level = 1 })).ToBeVisibleAsync();

        // A workspace key's provider always goes to its own workspace: shown, not chosen.
        await Expect(page.GetByTestId("provider-workspace")).ToHaveTextAsync("Team " + suffix);
        await Expect(page.Locator("#provider-workspace")).ToHaveCountAsync(0);
        var ownSlug = "ui-team-" + suffix;
        await page.GetByLabel("Kind").SelectOptionAsync("mock");
        await page.Locator("#provider-name").FillAsync("Team's own");
        await page.Locator("#provider-slug").FillAsync(ownSlug);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create provider" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Providers", Level = 1 })).ToBeVisibleAsync();
        var own = page.Locator($"tr[data-slug='{ownSlug}']");
        await Expect(own).ToContainTextAsync("Team " + suffix);
        await Expect(own.GetByRole(AriaRole.Button, new() { Name = $"Disable {ownSlug}" })).ToBeVisibleAsync();
        // Shared providers are listed but only organisation keys may change them; another workspace's are not listed at all.
        var shared = page.Locator($"tr[data-slug='{sharedSlug}']");
        await Expect(shared).ToContainTextAsync("shared");
        await Expect(shared.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await Expect(page.Locator($"tr[data-slug='{otherSlug}']")).ToHaveCountAsync(0);
        var created = await app.SendExpectingAsync(HttpMethod.Get, $"/v1/providers/{ownSlug}", null, HttpStatusCode.OK, ct);
        Assert.Equal(teamId, created.GetProperty("workspace_id").GetString());

        await shared.GetByRole(AriaRole.Link, new() { Name = $"Mock {sharedSlug}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Edit provider", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("read-only")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save changes" })).ToBeDisabledAsync();
    }
}
