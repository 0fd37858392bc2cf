using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EndToEnd.Tests.AdminConsole;

public sealed class SignInTests(GatewayAppFixture app, Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task A_console_page_asks_for_a_key_first_and_returns_to_it_after_sign_in()
    {
        await using var console = await ConsolePage.OpenAsync(chromium, app);

        await console.Page.GotoAsync("/audit");
        await Expect(console.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sign-in"));
        await console.Page.GetByLabel("API key").FillAsync(app.AdminApiKey);
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(console.Page.GetByRole(AriaRole.Heading, new() { Name = "Audit log", Level = 1 })).ToBeVisibleAsync();
        await Expect(console.Page.GetByTestId("signed-in-as")).ToContainTextAsync("Organisation key");
    }

    [Fact]
    public async Task A_wrong_key_is_refused_and_the_cookie_is_HttpOnly_and_SameSite_strict()
    {
        await using var console = await ConsolePage.OpenAsync(chromium, app);

        await console.Page.GotoAsync("/sign-in");
        await console.Page.GetByLabel("API key").FillAsync("pk-not-a-key");
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(console.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("That API key is not valid.");
        Assert.DoesNotContain(await console.Page.Context.CookiesAsync(), c => c.Name == "pk_console");

        await console.SignInAsync(app.AdminApiKey);
        var cookie = Assert.Single(await console.Page.Context.CookiesAsync(), c => c.Name == "pk_console");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.DoesNotContain(app.AdminApiKey, cookie.Value);
        // Nothing of the key is kept where page scripts can read it.
        Assert.Equal(0, await console.Page.EvaluateAsync<int>("() => localStorage.length + sessionStorage.length"));
        Assert.DoesNotContain("pk_console", await console.Page.EvaluateAsync<string>("() => document.cookie"));
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        await using var console = await ConsolePage.OpenAsync(chromium, app);
        await console.SignInAsync(app.AdminApiKey);

        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Expect(console.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sign-in"));
        await console.Page.GotoAsync("/audit");
        await Expect(console.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sign-in"));
    }

    [Fact]
    public async Task A_sign_out_posted_from_another_site_without_the_antiforgery_token_is_refused()
    {
        await using var console = await ConsolePage.OpenAsync(chromium, app);
        await console.SignInAsync(app.AdminApiKey);

        // The browser would not even send a SameSite=Strict cookie cross-site; this posts same-site without the token.
        var response = await console.Page.APIRequest.PostAsync("/sign-out", new() { Form = console.Page.APIRequest.CreateFormData() });

        Assert.Equal(400, response.Status);
        await console.GotoAsync("/audit", "Audit log");
    }

    [Fact]
    public async Task Revoking_the_signed_in_key_ends_the_console_session_and_the_navigation_follows_its_scopes()
    {
        var ct = TestContext.Current.CancellationToken;
        var created = await app.SendExpectingAsync(HttpMethod.Post, "/v1/api-keys/workspace/service",
            new { name = "console auditor", scopes = new[] { "audit_logs.list" } }, HttpStatusCode.Created, ct);
        await using var console = await ConsolePage.OpenAsync(chromium, app);
        await console.SignInAsync(created.GetProperty("key").GetString()!, "/audit");

        await console.GotoAsync("/audit", "Audit log");
        var navigation = console.Page.GetByRole(AriaRole.Navigation, new() { Name = "Console" });
        await Expect(navigation.GetByRole(AriaRole.Link)).ToHaveTextAsync(["Audit log"]);
        await Expect(console.Page.GetByTestId("signed-in-as")).ToContainTextAsync("Workspace key");

        using var revoked = await app.ControlPlane.SendAsync(
            Admin.Request(HttpMethod.Delete, $"/v1/api-keys/{created.GetProperty("id").GetString()}", app.AdminApiKey), ct);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);

        await console.Page.ReloadAsync();
        await Expect(console.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sign-in"));
    }

    [Fact]
    public async Task The_console_can_be_used_with_the_keyboard_alone()
    {
        await using var console = await ConsolePage.OpenAsync(chromium, app);
        var page = console.Page;

        // The key field has focus on arrival; Enter submits.
        await page.GotoAsync("/sign-in?returnUrl=%2Faudit");
        await page.Keyboard.TypeAsync(app.AdminApiKey);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audit log", Level = 1 })).ToBeVisibleAsync();

        // Tab reaches the navigation; Enter follows a link.
        var logsLink = page.GetByRole(AriaRole.Navigation, new() { Name = "Console" }).GetByRole(AriaRole.Link, new() { Name = "Logs" });
        for (var presses = 0; presses < 20 && !await logsLink.EvaluateAsync<bool>("e => e === document.activeElement"); presses++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await Expect(logsLink).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Logs", Level = 1 })).ToBeVisibleAsync();
    }
}
