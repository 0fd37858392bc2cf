using Microsoft.Playwright;

namespace EndToEnd.Tests.AdminConsole;

/// <summary>
/// One headless Debian chromium per test class, driven by Playwright. The flags keep it off the network (this machine
/// refuses outside connections) and out of any profile.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/snap/bin/chromium"];

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path
            ? path
            : Candidates.FirstOrDefault(File.Exists)
              ?? throw new InvalidOperationException("No chromium found: run scripts/install-test-browser.sh (or set CHROMIUM_PATH).");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            ],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
