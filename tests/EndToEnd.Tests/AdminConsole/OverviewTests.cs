using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EndToEnd.Tests.AdminConsole;

/// <summary>
/// The overview against the real app: requests sent through the data plane into a workspace of the test's own, then
/// charted, counted and listed by the console for that workspace over the last hour.
/// </summary>
public sealed class OverviewTests(GatewayAppFixture app, Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task Overview_OfAWorkspaceOverTheLastHour_ChartsCountsAndListsTheRequestsSentThroughTheDataPlane()
    {
        var ct = TestContext.Current.CancellationToken;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var workspaceName = "Overview " + suffix;
        var workspaceSlug = "overview-" + suffix;
        var workspaceId = (await app.SendExpectingAsync(HttpMethod.Post, "/v1/admin/workspaces",
            new { name = workspaceName, slug = workspaceSlug }, HttpStatusCode.Created, ct)).GetProperty("id").GetString()!;
        // A priced model behind OpenAI's wire format (an in-process fake), so the cost chart and tile have something to show.
        await using var openAi = await TestKit.FakeProviders.FakeOpenAiServer.StartAsync(ct);
        var provider = "openai-" + suffix;
        await app.SendExpectingAsync(HttpMethod.Post, "/v1/providers", new
        {
            name = "OpenAI " + suffix, slug = provider, ai_provider = "openai", key = "sk-test-" + suffix, base_url = openAi.BaseUrl,
            workspace_id = workspaceId,
        }, HttpStatusCode.Created, ct);
        var key = (await app.SendExpectingAsync(HttpMethod.Post, "/v1/api-keys/workspace/service",
            new { name = "overview " + suffix, workspace_id = workspaceId }, HttpStatusCode.Created, ct)).GetProperty("key").GetString()!;
        const string model = "gpt-4o-mini";
        string ada = "ada-" + suffix, bob = "bob-" + suffix, team = "blue-" + suffix;

        // Three answered chats and one refused request, all in the workspace: 4 requests, 1 error.
        await SendChatAsync(key, provider, model, ada, team, ct);
        await SendChatAsync(key, provider, model, ada, team, ct);
        await SendChatAsync(key, provider, model, bob, team, ct);
        using (var invalid = await app.DataPlane.SendAsync(Admin.Request(HttpMethod.Post, "/v1/chat/completions", key, Admin.RawJson("{}")), ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        }

        await WaitUntilChartedAsync(workspaceId, expectedRequests: 4, ct);

        await using var console = await ConsolePage.OpenAsync(chromium, app);
        await console.SignInAsync(app.AdminApiKey);
        await console.GotoAsync("/", "Overview");
        var page = console.Page;
        await page.GetByLabel("Time range").SelectOptionAsync(new SelectOptionValue { Label = "Last 1 hour" });
        await page.GetByLabel("Workspace").SelectOptionAsync(new SelectOptionValue { Label = $"{workspaceName} ({workspaceSlug})" });

        await Expect(page.GetByTestId("tile-requests")).ToHaveTextAsync("4");
        await Expect(page.GetByTestId("tile-errors")).ToContainTextAsync("1 (25 %)");
        // Three gpt-4o-mini answers cost a few hundred-thousandths of a dollar: shown, not rounded away.
        await Expect(page.GetByTestId("tile-cost")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\$0\.0000\d*[1-9]$"));
        // Radzen draws a series as a group of SVG paths (rz-series-0: the area and its line): the requests' line must rise
        // off the baseline somewhere, i.e. its points have more than one height.
        var requestsLine = page.GetByTestId("chart-requests").Locator("svg g.rz-series-0 > path").Last;
        await Expect(requestsLine).ToHaveAttributeAsync("d", new System.Text.RegularExpressions.Regex("^M"));
        var heights = await requestsLine.EvaluateAsync<int>(
            "p => new Set([...p.getAttribute('d').matchAll(/(-?[\\d.]+)[ ,]+(-?[\\d.]+)/g)].map(m => m[2])).size");
        Assert.True(heights > 1, "the requests line is flat");
        foreach (var chart in new[] { "cost", "tokens", "errors", "latency" })
        {
            await Expect(page.GetByTestId("chart-" + chart).Locator("svg g.rz-series-0 > path").First).ToBeAttachedAsync();
        }

        await Expect(RequestsOf(page, "top-users", ada)).ToHaveTextAsync("2");
        await Expect(RequestsOf(page, "top-users", bob)).ToHaveTextAsync("1");
        await Expect(RequestsOf(page, "top-models", model)).ToHaveTextAsync("3");
        await Expect(RequestsOf(page, "top-api-keys", "overview " + suffix)).ToHaveTextAsync("4");

        await page.GetByLabel("Metadata key").FillAsync("team");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(RequestsOf(page, "top-metadata", team)).ToHaveTextAsync("3");

        // Nothing wider than the laptop screen.
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        await console.ScreenshotAsync("overview");

        // The choices are in the address: a reload shows the same view.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"range=1h&workspace={workspaceId}&metadata_key=team"));
        await page.ReloadAsync();
        await Expect(page.GetByTestId("tile-requests")).ToHaveTextAsync("4");
        await Expect(RequestsOf(page, "top-metadata", team)).ToHaveTextAsync("3");
    }

    [Fact]
    public async Task Overview_ForAKeyWithoutAnalyticsView_ShowsTheApisRefusal()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = (await app.SendExpectingAsync(HttpMethod.Post, "/v1/api-keys/workspace/service",
            new { name = "no analytics", scopes = new[] { "logs.view" } }, HttpStatusCode.Created, ct)).GetProperty("key").GetString()!;

        await using var console = await ConsolePage.OpenAsync(chromium, app);
        await console.SignInAsync(key);
        await console.GotoAsync("/", "Overview");

        var graphs = console.Page.GetByTestId("overview-graphs");
        await Expect(graphs.GetByRole(AriaRole.Alert)).ToContainTextAsync("lacks the scope 'analytics.view'");
        await Expect(console.Page.GetByTestId("top-models").GetByRole(AriaRole.Alert)).ToContainTextAsync("Forbidden");
        await Expect(console.Page.GetByTestId("bound-workspace")).ToContainTextAsync("Workspace");
    }

    /// <summary>The requests cell of the row of a top list that names <paramref name="group"/>.</summary>
    private static ILocator RequestsOf(IPage page, string list, string group) =>
        page.GetByTestId(list).GetByRole(AriaRole.Row).Filter(new() { HasText = group }).GetByRole(AriaRole.Cell).Nth(1);

    private async Task SendChatAsync(string key, string provider, string model, string user, string team, CancellationToken ct)
    {
        // A new key reaches the data plane within a second or so: retry while it is still unknown (401s are not the workspace's).
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            using var request = Admin.Chat(key, $"@{provider}/{model}", "Hello from " + user,
                metadata: $$"""{"_user":"{{user}}","team":"{{team}}"}""");
            using var response = await app.DataPlane.SendAsync(request, ct);
            if (response.StatusCode != HttpStatusCode.Unauthorized || DateTime.UtcNow > deadline)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return;
            }

            await Task.Delay(100, ct);
        }
    }

    /// <summary>Logging is asynchronous: waits (bounded) until the last hour's graph of the workspace counts every request.</summary>
    private async Task WaitUntilChartedAsync(string workspaceId, long expectedRequests, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var from = Uri.EscapeDataString(DateTime.UtcNow.AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            var graph = await app.SendExpectingAsync(HttpMethod.Get,
                $"/v1/analytics/graphs/requests?workspace_id={workspaceId}&time_of_generation_min={from}&granularity=minute", null, HttpStatusCode.OK, ct);
            var requests = graph.GetProperty("data").EnumerateArray().Sum(p => p.GetProperty("requests").GetInt64());
            if (requests >= expectedRequests)
            {
                Assert.Equal(expectedRequests, requests);
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{requests} of {expectedRequests} requests charted within 30 s");
            await Task.Delay(250, ct);
        }
    }
}
