using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EndToEnd.Tests.AdminConsole;

public sealed class ConfigsTests(GatewayAppFixture app, Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task An_invalid_edit_shows_the_api_error_by_path_and_is_refused_then_a_fix_saves_version_2_and_the_diff_shows_the_change()
    {
        var ct = TestContext.Current.CancellationToken;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var slug = $"cfg-{suffix}";
        await app.CreateMockProviderAsync(slug, ct);
        var name = $"e2e config {suffix}";
        await using var console = await ConsolePage.OpenAsync(chromium, app);
        await console.SignInAsync(app.AdminApiKey, "/configs/new");
        var page = console.Page;
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New config", Level = 1 })).ToBeVisibleAsync();
        var editor = page.GetByLabel("Config (JSON)", new() { Exact = true });

        // Create: version 1.
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await editor.FillAsync(Config(slug, secondWeight: "1"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Create config" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("config-version")).ToHaveTextAsync("version 1");
        var id = (await page.GetByTestId("config-id").TextContentAsync())!;
        Assert.Matches("^pc-", id);

        // A negative weight: the API's error, with its path, right under the editor; nothing saved.
        await editor.FillAsync(Config(slug, secondWeight: "-2"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save new version" }).ClickAsync();
        var errors = page.GetByTestId("json-errors");
        await Expect(errors.Locator("li[data-path='config.targets[1].weight']")).ToContainTextAsync("config.targets[1].weight");
        await Expect(errors).ToContainTextAsync("must be ≥ 0");
        // The error points at the line of the editor holding the value, marked in the gutter too.
        await Expect(errors.Locator("li[data-path='config.targets[1].weight']")).ToContainTextAsync("(line 5)");
        await Expect(page.Locator(".gutter .bad")).ToHaveTextAsync("5");
        await console.ScreenshotAsync("config-error");
        await Expect(page.GetByTestId("config-version")).ToHaveTextAsync("version 1");
        var stored = await app.SendExpectingAsync(HttpMethod.Get, $"/v1/configs/{id}", null, HttpStatusCode.OK, ct);
        Assert.Equal(1, stored.GetProperty("version").GetInt32());

        // An unknown mode is reported by its path too.
        await editor.FillAsync(Config(slug, secondWeight: "1").Replace("loadbalance", "roundrobin"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save new version" }).ClickAsync();
        await Expect(errors.Locator("li[data-path='config.strategy.mode']")).ToContainTextAsync("must be one of");

        // A syntax error never reaches the API: line and column, shown as you type.
        await editor.FillAsync("{\n  \"strategy\" { \"mode\": \"single\" }\n}");
        await Expect(page.GetByTestId("json-syntax-error")).ToContainTextAsync("line 2, column 14");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save new version" }).ClickAsync();
        await Expect(page.GetByTestId("json-syntax-error")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("config-version")).ToHaveTextAsync("version 1");

        // The fix: version 2.
        await editor.FillAsync(Config(slug, secondWeight: "3"));
        await Expect(page.GetByTestId("json-syntax-error")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save new version" }).ClickAsync();
        await Expect(page.GetByTestId("notice")).ToHaveTextAsync("Saved as version 2.");
        await Expect(page.GetByTestId("config-version")).ToHaveTextAsync("version 2");
        await Expect(page.GetByTestId("json-errors")).ToHaveCountAsync(0);
        stored = await app.SendExpectingAsync(HttpMethod.Get, $"/v1/configs/{id}", null, HttpStatusCode.OK, ct);
        Assert.Equal(2, stored.GetProperty("version").GetInt32());

        // History: v1 → v2 shows the weight line removed and added, nothing else.
        await Expect(page.GetByTestId("version-row")).ToHaveCountAsync(2);
        await page.GetByLabel("From", new() { Exact = true }).SelectOptionAsync("1");
        await page.GetByLabel("To", new() { Exact = true }).SelectOptionAsync("2");
        var diff = page.GetByTestId("config-diff");
        await Expect(diff.Locator(".del")).ToHaveCountAsync(1);
        await Expect(diff.Locator(".add")).ToHaveCountAsync(1);
        await Expect(diff.Locator(".del")).ToContainTextAsync("\"weight\": 1");
        await Expect(diff.Locator(".add")).ToContainTextAsync("\"weight\": 3");
        await Expect(page.GetByTestId("diff-summary")).ToHaveTextAsync("1 line(s) added, 1 removed");
        await page.GetByTestId("config-history").ScrollIntoViewIfNeededAsync();
        await console.ScreenshotAsync("config-diff");

        // The list names it with its id and current version.
        await console.GotoAsync("/configs", "Configs");
        var row = page.Locator($"[data-testid='config-row'][data-id='{id}']");
        await Expect(row).ToContainTextAsync(name);
        await Expect(row).ToContainTextAsync("v2");
        await console.ScreenshotAsync("configs");

        // A row opens the config with the keyboard.
        await row.GetByRole(AriaRole.Link, new() { Name = name }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_workspace_key_sees_its_own_configs_and_not_another_workspaces()
    {
        var ct = TestContext.Current.CancellationToken;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var slug = $"cfgw-{suffix}";
        await app.CreateMockProviderAsync(slug, ct);
        var other = await app.SendExpectingAsync(HttpMethod.Post, "/v1/admin/workspaces",
            new { name = $"Other {suffix}", slug = $"other-{suffix}" }, HttpStatusCode.Created, ct);
        var hidden = await app.SendExpectingAsync(HttpMethod.Post, "/v1/configs",
            new { name = $"hidden {suffix}", workspace_id = other.GetProperty("id").GetGuid(), config = new { provider = $"@{slug}" } },
            HttpStatusCode.Created, ct);
        var key = await app.CreateServiceKeyAsync(ct, "configs.read", "configs.write");
        var mine = await app.SendExpectingAsync(HttpMethod.Post, "/v1/configs",
            new { name = $"mine {suffix}", config = new { provider = $"@{slug}" } }, HttpStatusCode.Created, ct, key);

        await using var console = await ConsolePage.OpenAsync(chromium, app);
        await console.SignInAsync(key, "/configs");
        await console.GotoAsync("/configs", "Configs");

        await Expect(console.Page.GetByRole(AriaRole.Link, new() { Name = $"mine {suffix}" })).ToBeVisibleAsync();
        await Expect(console.Page.GetByText($"hidden {suffix}")).ToHaveCountAsync(0);
        await console.Page.GotoAsync($"/configs/{hidden.GetProperty("id").GetString()}");
        await Expect(console.Page.GetByTestId("problem")).ToContainTextAsync("Not Found");
        await console.GotoAsync($"/configs/{mine.GetProperty("id").GetString()}", $"mine {suffix}");
    }

    private static string Config(string slug, string secondWeight) => $$"""
        {
          "strategy": { "mode": "loadbalance" },
          "targets": [
            { "provider": "@{{slug}}", "weight": 1 },
            { "provider": "@{{slug}}", "weight": {{secondWeight}} }
          ]
        }
        """;
}
