using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EndToEnd.Tests.AdminConsole;

/// <summary>Signed in with a workspace key, the console shows nothing of another workspace: not in lists, not by direct link.</summary>
public sealed class WorkspaceIsolationTests(GatewayAppFixture app, Chromium chromium) : IClassFixture<Chromium>
{
    private static readonly string[] ViewerScopes =
        ["logs.view", "providers.read", "configs.read", "api_keys.read", "analytics.view", "audit_logs.list"];

    [Fact]
    public async Task A_workspace_key_sees_none_of_another_workspaces_logs_providers_or_keys()
    {
        var ct = TestContext.Current.CancellationToken;
        var run = Guid.NewGuid().ToString("N")[..8];
        var other = await WorkspaceAsync("other-" + run, ct);
        var mine = await WorkspaceAsync("mine-" + run, ct);

        // The other workspace: its own provider, key and traffic.
        var otherSlug = "iso-" + run;
        await app.SendExpectingAsync(HttpMethod.Post, "/v1/providers",
            new { name = "Other team's provider", slug = otherSlug, ai_provider = "mock", workspace_id = other }, HttpStatusCode.Created, ct);
        var otherKeyName = "other team app " + run;
        var otherKey = (await app.SendExpectingAsync(HttpMethod.Post, "/v1/api-keys/workspace/service",
            new { name = otherKeyName, workspace_id = other, scopes = new[] { "completions.write" } }, HttpStatusCode.Created, ct))
            .GetProperty("key").GetString()!;
        await app.WaitUntilDataPlaneKnowsAsync(otherKey, ct);
        using (var chat = await app.DataPlane.SendAsync(Admin.Chat(otherKey, $"@{otherSlug}/gpt-4o-mini", "secret plans", metadata: $$"""{"run":"{{run}}","_user":"other-user-{{run}}"}"""), ct))
        {
            Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        }

        var mySlug = "mine-" + run;
        await app.SendExpectingAsync(HttpMethod.Post, "/v1/providers",
            new { name = "My team's provider", slug = mySlug, ai_provider = "mock", workspace_id = mine }, HttpStatusCode.Created, ct);
        var otherLog = await app.WaitForSingleLogAsync($"/v1/logs?metadata.run={run}", ct);
        var myKey = (await app.SendExpectingAsync(HttpMethod.Post, "/v1/api-keys/workspace/user",
            new { name = "my viewer " + run, workspace_id = mine, scopes = ViewerScopes }, HttpStatusCode.Created, ct))
            .GetProperty("key").GetString()!;

        // The organisation key sees the other workspace's request: the filter below does find it when allowed.
        await using (var admin = await ConsolePage.OpenAsync(chromium, app))
        {
            await admin.SignInAsync(app.AdminApiKey);
            await admin.GotoAsync($"/logs?metadata={Uri.EscapeDataString("run=" + run)}", "Logs");
            await Expect(admin.Page.GetByTestId("log-row")).ToHaveCountAsync(1);
        }

        await using var console = await ConsolePage.OpenAsync(chromium, app);
        await console.SignInAsync(myKey);
        await Expect(console.Page.GetByTestId("signed-in-as")).ToContainTextAsync(mine);

        await console.GotoAsync($"/logs?metadata={Uri.EscapeDataString("run=" + run)}", "Logs");
        await Expect(console.Page.GetByTestId("no-logs")).ToBeVisibleAsync();
        await console.GotoAsync($"/logs/{otherLog.GetProperty("id").GetString()}", "Request log");
        await Expect(console.Page.GetByTestId("problem")).ToContainTextAsync("Not Found");
        await Expect(console.Page.GetByText("secret plans")).ToHaveCountAsync(0);

        await console.GotoAsync("/providers", "Providers");
        await Expect(console.Page.Locator($"[data-testid=provider-row][data-slug='{mySlug}']")).ToHaveCountAsync(1);
        await Expect(console.Page.Locator($"[data-testid=provider-row][data-slug='{otherSlug}']")).ToHaveCountAsync(0);
        await console.GotoAsync($"/providers/{otherSlug}", "Edit provider");
        await Expect(console.Page.GetByTestId("problem")).ToContainTextAsync("Not Found");

        await console.GotoAsync("/api-keys", "API keys");
        await Expect(console.Page.GetByTestId("api-keys")).ToBeVisibleAsync();
        await Expect(console.Page.GetByText(otherKeyName)).ToHaveCountAsync(0);
        await console.ScreenshotAsync("workspace-key-api-keys");
    }

    private async Task<string> WorkspaceAsync(string slug, CancellationToken ct) =>
        (await app.SendExpectingAsync(HttpMethod.Post, "/v1/admin/workspaces", new { name = slug, slug }, HttpStatusCode.Created, ct))
        .GetProperty("id").GetString()!;
}
