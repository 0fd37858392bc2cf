using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EndToEnd.Tests.AdminConsole;

public sealed class GuardrailsTests(GatewayAppFixture app, Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task A_guardrail_created_in_the_console_is_listed_and_an_invalid_check_shows_its_path()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = $"e2e guardrail {Guid.NewGuid().ToString("N")[..8]}";
        await using var console = await ConsolePage.OpenAsync(chromium, app);
        await console.SignInAsync(app.AdminApiKey, "/guardrails/new");
        var page = console.Page;
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New guardrail", Level = 1 })).ToBeVisibleAsync();
        var editor = page.GetByLabel("Checks (JSON)", new() { Exact = true });

        // An unknown operator and an unknown check: each error names its path; nothing is created.
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await editor.FillAsync("""
            {
              "default.contains": { "words": ["secret"], "operator": "sometimes" },
              "default.nope": {},
              "deny": true
            }
            """);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create guardrail" }).ClickAsync();
        var errors = page.GetByTestId("json-errors");
        await Expect(errors.Locator("li[data-path='guardrail[\"default.contains\"].operator']"))
            .ToContainTextAsync("guardrail[\"default.contains\"].operator");
        await Expect(errors.Locator("li[data-path='guardrail[\"default.nope\"]']")).ToContainTextAsync("is not a known check id");
        await console.ScreenshotAsync("guardrail-error");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New guardrail", Level = 1 })).ToBeVisibleAsync();
        var listed = await app.SendExpectingAsync(HttpMethod.Get, "/v1/guardrails", null, HttpStatusCode.OK, ct);
        Assert.DoesNotContain(listed.GetProperty("data").EnumerateArray(), g => g.GetProperty("name").GetString() == name);

        // Fixed: created, and shown as saved.
        await editor.FillAsync("""
            {
              "default.contains": { "words": ["secret"], "operator": "none" },
              "deny": true
            }
            """);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create guardrail" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        var id = (await page.GetByTestId("guardrail-id").TextContentAsync())!;
        Assert.Matches("^pg-", id);

        // An invalid edit of a saved guardrail is refused with its path; the stored checks stay.
        await editor.FillAsync("""{ "default.wordCount": { "minWords": "three" } }""");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(errors).ToContainTextAsync("guardrail[\"default.wordCount\"].minWords");
        var stored = await app.SendExpectingAsync(HttpMethod.Get, $"/v1/guardrails/{id}", null, HttpStatusCode.OK, ct);
        Assert.True(stored.GetProperty("guardrail").TryGetProperty("default.contains", out _));

        // Listed with its checks.
        await console.GotoAsync("/guardrails", "Guardrails");
        var row = page.Locator($"[data-testid='guardrail-row'][data-id='{id}']");
        await Expect(row).ToContainTextAsync(name);
        await Expect(row).ToContainTextAsync("default.contains");
        await Expect(row).ToContainTextAsync("deny");
        await Expect(row).ToContainTextAsync("Organisation-wide");
        await console.ScreenshotAsync("guardrails");
    }

    [Fact]
    public async Task Deleting_a_guardrail_asks_first_then_removes_it_from_the_list()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = $"e2e delete {Guid.NewGuid().ToString("N")[..8]}";
        var created = await app.SendExpectingAsync(HttpMethod.Post, "/v1/guardrails",
            new { name, guardrail = new Dictionary<string, object> { ["default.wordCount"] = new { maxWords = 50 } } }, HttpStatusCode.Created, ct);
        var id = created.GetProperty("id").GetString()!;
        await using var console = await ConsolePage.OpenAsync(chromium, app);
        await console.SignInAsync(app.AdminApiKey, $"/guardrails/{id}");
        var page = console.Page;
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete…" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await app.SendExpectingAsync(HttpMethod.Get, $"/v1/guardrails/{id}", null, HttpStatusCode.OK, ct);

        // The question takes the keyboard: Enter confirms.
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete…" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Delete guardrail" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Guardrails", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator($"[data-testid='guardrail-row'][data-id='{id}']")).ToHaveCountAsync(0);
        using var response = await app.ControlPlane.SendAsync(Admin.Request(HttpMethod.Get, $"/v1/guardrails/{id}", app.AdminApiKey), ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_workspace_key_sees_an_organisation_wide_guardrail_read_only()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = $"e2e org-wide {Guid.NewGuid().ToString("N")[..8]}";
        var created = await app.SendExpectingAsync(HttpMethod.Post, "/v1/guardrails",
            new { name, guardrail = new Dictionary<string, object> { ["default.wordCount"] = new { maxWords = 50 } } }, HttpStatusCode.Created, ct);
        var key = await app.CreateServiceKeyAsync(ct, "configs.read", "configs.write");
        await using var console = await ConsolePage.OpenAsync(chromium, app);
        await console.SignInAsync(key, $"/guardrails/{created.GetProperty("id").GetString()}");

        await Expect(console.Page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        await Expect(console.Page.GetByText("This key can read this guardrail but not change it.")).ToBeVisibleAsync();
        await Expect(console.Page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true })).ToHaveCountAsync(0);
        await Expect(console.Page.GetByRole(AriaRole.Button, new() { Name = "Delete…" })).ToHaveCountAsync(0);
    }
}
