using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EndToEnd.Tests.AdminConsole;

public sealed class LogsTests(GatewayAppFixture app, Chromium chromium) : IClassFixture<Chromium>
{
    private const string Script = "<script>window.__xss=1</script>";
    private const string Image = "<img src=x onerror=\"window.__xss=2\">";

    [Fact]
    public async Task Filtering_by_metadata_and_model_lists_only_matching_requests_and_a_log_opens_with_attempts_metadata_and_bodies()
    {
        var ct = TestContext.Current.CancellationToken;
        var run = Guid.NewGuid().ToString("N")[..8];
        var (slug, key) = await ProviderAndLoggingKeyAsync(ct);
        await ChatAsync(key, $"@{slug}/gpt-4o-mini", $"mini one {run}", $$"""{"run":"{{run}}","team":"alpha"}""", ct);
        // Through a routing config: the data plane records its attempts (without one, the request is its own one attempt).
        var config = $$$"""{"strategy":{"mode":"fallback"},"targets":[{"provider":"@{{{slug}}}","override_params":{"model":"gpt-4o-mini"}}]}""";
        await ChatAsync(key, "gpt-4o-mini", $"mini two {run}", $$"""{"run":"{{run}}","team":"alpha"}""", ct, config);
        await ChatAsync(key, $"@{slug}/gpt-4o", $"big one {run}", $$"""{"run":"{{run}}","team":"beta"}""", ct);
        var logs = await WaitForLogsAsync($"/v1/logs?metadata.run={run}", 3, ct);
        // The model as the logs record it (the provider slug is its own column).
        var miniModel = logs.Select(l => l.GetProperty("model").GetString()!).Distinct().Single(m => m.EndsWith("gpt-4o-mini", StringComparison.Ordinal) && !m.Contains("@"));

        await using var console = await ConsolePage.OpenAsync(chromium, app);
        await console.SignInAsync(app.AdminApiKey, "/logs");
        await Expect(console.Page.GetByRole(AriaRole.Heading, new() { Name = "Logs", Level = 1 })).ToBeVisibleAsync();
        await Field(console, "Metadata").FillAsync($"run={run}");
        await Field(console, "Model").FillAsync(miniModel);
        await Field(console, "Model").PressAsync("Enter");

        await Expect(console.Page).ToHaveURLAsync(new Regex($"model={Regex.Escape(miniModel)}"));
        var rows = console.Page.GetByTestId("log-row");
        await Expect(rows).ToHaveCountAsync(2);
        foreach (var model in await console.Page.GetByTestId("log-model").AllInnerTextsAsync())
        {
            Assert.Equal(miniModel, model);
        }

        await console.ScreenshotAsync("logs");

        // The filters are in the URL: a reload shows the same view.
        await console.Page.ReloadAsync();
        await Expect(Field(console, "Metadata")).ToHaveValueAsync($"run={run}");
        await Expect(rows).ToHaveCountAsync(2);

        // Without the model filter, every request of the run; with it again, only that model's.
        await Field(console, "Model").FillAsync("");
        await Field(console, "Metadata").FillAsync($"run={run}");
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(3);
        await Field(console, "Model").FillAsync(miniModel);
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(2);

        await rows.First.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Open log") }).ClickAsync();
        await Expect(console.Page.GetByRole(AriaRole.Heading, new() { Name = "Request log", Level = 1 })).ToBeVisibleAsync();
        await Expect(console.Page.GetByTestId("log-detail-model")).ToHaveTextAsync(miniModel);
        var attempts = console.Page.GetByTestId("log-attempts");
        await Expect(attempts.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(attempts).ToContainTextAsync(slug);
        await Expect(attempts).ToContainTextAsync("config.targets[0]");
        await Expect(attempts).ToContainTextAsync("200");
        var metadata = console.Page.GetByTestId("log-metadata");
        await Expect(metadata).ToContainTextAsync(run);
        await Expect(metadata).ToContainTextAsync("alpha");
        await Expect(console.Page.GetByTestId("request-body")).ToContainTextAsync($"mini two {run}");
        await Expect(console.Page.GetByTestId("request-body")).ToContainTextAsync("\"role\": \"user\"");
        await Expect(console.Page.GetByTestId("response-body")).ToContainTextAsync("choices");
        await console.ScreenshotAsync("log-detail");

        // Back to the list as it was left: same filters, same rows.
        await console.Page.GetByRole(AriaRole.Link, new() { Name = "← Back to logs" }).ClickAsync();
        await Expect(console.Page.GetByRole(AriaRole.Heading, new() { Name = "Logs", Level = 1 })).ToBeVisibleAsync();
        await Expect(Field(console, "Model")).ToHaveValueAsync(miniModel);
        await Expect(rows).ToHaveCountAsync(2);

        // Paging, two rows a page: the run's three requests are two pages, newest first.
        var ids = logs.Select(l => l.GetProperty("id").GetString()!).ToArray();
        await console.GotoAsync($"/logs?metadata={Uri.EscapeDataString("run=" + run)}&limit=2", "Logs");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.First).ToHaveAttributeAsync("data-log-id", ids[0]);
        var pages = console.Page.GetByRole(AriaRole.Navigation, new() { Name = "Pages" });
        await pages.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToHaveAttributeAsync("data-log-id", ids[2]);
        await Expect(pages.GetByRole(AriaRole.Button, new() { Name = "Next page" })).ToBeDisabledAsync();
        await pages.GetByRole(AriaRole.Button, new() { Name = "Newer" }).ClickAsync();
        await Expect(rows.First).ToHaveAttributeAsync("data-log-id", ids[0]);
        await Expect(pages.GetByRole(AriaRole.Button, new() { Name = "Newer" })).ToBeDisabledAsync();
        await pages.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await pages.GetByRole(AriaRole.Button, new() { Name = "First page" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(console.Page).Not.ToHaveURLAsync(new Regex("cursor="));
    }

    [Fact]
    public async Task A_bad_filter_shows_the_APIs_error_and_no_match_says_so()
    {
        await using var console = await ConsolePage.OpenAsync(chromium, app);
        await console.SignInAsync(app.AdminApiKey, "/logs");
        await Expect(console.Page.GetByRole(AriaRole.Heading, new() { Name = "Logs", Level = 1 })).ToBeVisibleAsync();

        await Field(console, "Status").FillAsync("abc");
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(console.Page.GetByTestId("problem")).ToContainTextAsync("status");

        await Field(console, "Status").FillAsync("");
        await Field(console, "Metadata").FillAsync("run=" + Guid.NewGuid().ToString("N"));
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(console.Page.GetByTestId("no-logs")).ToBeVisibleAsync();
        await Expect(console.Page.GetByTestId("problem")).ToHaveCountAsync(0);

        await Field(console, "Metadata").FillAsync("no-equals-sign");
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(console.Page.GetByText("Use key=value")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Markup_in_a_logged_prompt_and_metadata_renders_as_inert_text()
    {
        var ct = TestContext.Current.CancellationToken;
        var run = Guid.NewGuid().ToString("N")[..8];
        var (slug, key) = await ProviderAndLoggingKeyAsync(ct);
        var metadata = JsonSerializer.Serialize(new Dictionary<string, string> { ["run"] = run, ["probe"] = Image });
        await ChatAsync(key, $"@{slug}/gpt-4o-mini", $"Hello {Script} and {Image}", metadata, ct);
        var log = (await WaitForLogsAsync($"/v1/logs?metadata.run={run}", 1, ct)).Single();

        await using var console = await ConsolePage.OpenAsync(chromium, app);
        var dialogs = new List<string>();
        console.Page.Dialog += async (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            await dialog.DismissAsync();
        };
        await console.SignInAsync(app.AdminApiKey, "/logs");
        await console.GotoAsync($"/logs?metadata={Uri.EscapeDataString("run=" + run)}", "Logs");
        await Expect(console.Page.GetByTestId("log-row")).ToHaveCountAsync(1);
        await console.GotoAsync($"/logs/{log.GetProperty("id").GetString()}", "Request log");

        // The markup is on the page as the text that was sent...
        await Expect(console.Page.GetByTestId("request-body")).ToContainTextAsync(Script);
        await Expect(console.Page.GetByTestId("request-body")).ToContainTextAsync(Image.Replace("\"", "\\\""));
        await Expect(console.Page.GetByTestId("response-body")).ToContainTextAsync(Script);
        await Expect(console.Page.GetByTestId("log-metadata")).ToContainTextAsync(Image);
        // Sent without a config: the request is its own one attempt.
        await Expect(console.Page.GetByTestId("log-attempts")).ToContainTextAsync("no config");
        // ...and never became elements or ran.
        Assert.Equal("undefined", await console.Page.EvaluateAsync<string>("() => typeof window.__xss"));
        Assert.Equal(0, await console.Page.Locator("img[src=x]").CountAsync());
        Assert.Equal(0, await console.Page.Locator("main script").CountAsync());
        Assert.Empty(dialogs);
    }

    // Exact: "Status" must not also find "Cache status".
    private static ILocator Field(ConsolePage console, string label) => console.Page.GetByLabel(label, new() { Exact = true });

    /// <summary>A fresh mock provider and a workspace key that logs bodies.</summary>
    private async Task<(string Slug, string Key)> ProviderAndLoggingKeyAsync(CancellationToken ct)
    {
        var slug = "logs-" + Guid.NewGuid().ToString("N")[..8];
        await app.CreateMockProviderAsync(slug, ct);
        var created = await app.SendExpectingAsync(HttpMethod.Post, "/v1/api-keys/workspace/service",
            new { name = "console logs " + slug, defaults = new { log_bodies = true } }, HttpStatusCode.Created, ct);
        var key = created.GetProperty("key").GetString()!;
        await app.WaitUntilDataPlaneKnowsAsync(key, ct);
        return (slug, key);
    }

    private async Task ChatAsync(string key, string model, string text, string metadata, CancellationToken ct, string? config = null)
    {
        using var request = Admin.Chat(key, model, text, metadata: metadata);
        if (config is not null)
        {
            request.Headers.Add("x-portkey-config", config);
        }

        using var response = await app.DataPlane.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The logs a query finds once LogIngestor has written all <paramref name="count"/> of them (polled, bounded).</summary>
    private async Task<IReadOnlyList<JsonElement>> WaitForLogsAsync(string path, int count, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var data = (await app.SendExpectingAsync(HttpMethod.Get, path, null, HttpStatusCode.OK, ct)).GetProperty("data");
            if (data.GetArrayLength() >= count)
            {
                Assert.Equal(count, data.GetArrayLength());
                return [.. data.EnumerateArray()];
            }

            Assert.True(DateTime.UtcNow < deadline, $"{data.GetArrayLength()} of {count} logs at {path} within 30 s");
            await Task.Delay(250, ct);
        }
    }
}
