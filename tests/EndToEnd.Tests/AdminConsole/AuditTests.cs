using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EndToEnd.Tests.AdminConsole;

public sealed class AuditTests(GatewayAppFixture app, Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task The_audit_log_lists_changes_newest_first_and_filters_them_by_resource()
    {
        var ct = TestContext.Current.CancellationToken;
        var slug = "audit-" + Guid.NewGuid().ToString("N")[..8];
        await app.CreateMockProviderAsync(slug, ct);
        await using var console = await ConsolePage.OpenAsync(chromium, app);
        await console.SignInAsync(app.AdminApiKey, "/audit");

        await console.Page.GetByLabel("Resource type").SelectOptionAsync("provider");
        await console.Page.GetByLabel("Resource id").FillAsync(slug);
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();

        var rows = console.Page.GetByTestId("audit-table").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("create");
        await Expect(rows.First).ToContainTextAsync("POST /v1/providers");
        await Expect(console.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"resource_id={slug}"));
        await console.ScreenshotAsync("audit");

        // The address holds the filter: a reload shows the same view.
        await console.Page.ReloadAsync();
        await Expect(console.Page.GetByTestId("audit-table").Locator("tbody tr")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_bad_filter_value_shows_the_APIs_problem_instead_of_failing()
    {
        await using var console = await ConsolePage.OpenAsync(chromium, app);
        await console.SignInAsync(app.AdminApiKey, "/audit");

        await console.Page.GetByLabel("Actor key id").FillAsync("not-a-guid");
        await console.Page.GetByLabel("Actor key id").PressAsync("Enter");

        await Expect(console.Page.GetByTestId("problem")).ToContainTextAsync("actor_api_key_id");
    }
}
