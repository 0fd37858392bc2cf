using Microsoft.Playwright;

namespace EndToEnd.Tests.AdminConsole;

/// <summary>
/// One signed-out browser tab on the console of the shared app, at laptop size (1366×768). Each test opens its own, so
/// cookies never leak between tests.
/// </summary>
public sealed class ConsolePage : IAsyncDisposable
{
    /// <summary>Where the tests leave their screenshots (an artifact of the run; one is copied into the README).</summary>
    public static readonly string ScreenshotDirectory = Path.Combine(RepositoryRoot(), "artifacts", "console-screenshots");

    private readonly IBrowserContext _context;

    private ConsolePage(IBrowserContext context, IPage page, Uri baseAddress)
    {
        _context = context;
        Page = page;
        BaseAddress = baseAddress;
    }

    public IPage Page { get; }

    public Uri BaseAddress { get; }

    public static async Task<ConsolePage> OpenAsync(Chromium chromium, GatewayAppFixture app)
    {
        var baseAddress = app.ControlPlane.BaseAddress!;
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
        });
        // Blazor answers over its circuit; give a loaded CI machine time before an expectation fails.
        context.SetDefaultTimeout(15_000);
        Assertions.SetDefaultExpectTimeout(15_000);
        return new ConsolePage(context, await context.NewPageAsync(), baseAddress);
    }

    /// <summary>Signs in through the sign-in form and waits for the first console page to be interactive.</summary>
    public async Task SignInAsync(string apiKey, string returnPath = "/")
    {
        await Page.GotoAsync($"/sign-in?returnUrl={Uri.EscapeDataString(returnPath)}");
        await Page.GetByLabel("API key").FillAsync(apiKey);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Navigation, new() { Name = "Console" })).ToBeVisibleAsync();
    }

    /// <summary>Opens a console path and waits until its page heading is on screen (pages render once interactive).</summary>
    public async Task GotoAsync(string path, string heading)
    {
        await Page.GotoAsync(path);
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
    }

    public async Task ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Portkey.Aspire.sln")))
            {
                return directory.FullName;
            }
        }

        return AppContext.BaseDirectory;
    }
}
