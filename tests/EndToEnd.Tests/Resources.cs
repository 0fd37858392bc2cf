using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace EndToEnd.Tests;

/// <summary>Stopping and starting the app's resources through DCP, for the tests that break it on purpose.</summary>
internal static class Resources
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    /// <summary>Stops <paramref name="resource"/> and waits (bounded) until <paramref name="isUp"/> says it is really down.</summary>
    public static Task StopResourceAsync(this GatewayAppFixture app, string resource, Func<CancellationToken, Task<bool>> isUp, CancellationToken ct) =>
        app.RunCommandAsync(resource, KnownResourceCommands.StopCommand, async token => !await isUp(token), ct);

    /// <summary>Starts <paramref name="resource"/> and waits (bounded) until <paramref name="isUp"/> says it serves.</summary>
    public static Task StartResourceAsync(this GatewayAppFixture app, string resource, Func<CancellationToken, Task<bool>> isUp, CancellationToken ct) =>
        app.RunCommandAsync(resource, KnownResourceCommands.StartCommand, isUp, ct);

    /// <summary>Whether something accepts TCP connections on the loopback <paramref name="port"/>.</summary>
    public static async Task<bool> AcceptsAsync(int port, CancellationToken ct)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(System.Net.IPAddress.Loopback, port, ct);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Whether the service behind <paramref name="client"/> answers its readiness probe.</summary>
    public static async Task<bool> AnswersAsync(HttpClient client, CancellationToken ct)
    {
        try
        {
            using var response = await client.GetAsync("/health", ct);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>
    /// Runs a DCP command, then waits (bounded) for its effect: the command can report a failure, and the resource's state
    /// can stay unknown, while the process is already gone (or up).
    /// </summary>
    private static async Task RunCommandAsync(this GatewayAppFixture app, string resource, string command, Func<CancellationToken, Task<bool>> done, CancellationToken ct)
    {
        var result = await app.App.ResourceCommands.ExecuteCommandAsync(resource, command, ct);
        TestContext.Current.SendDiagnosticMessage($"{command} {resource}: success={result.Success} {result.Message}");
        var deadline = DateTime.UtcNow.Add(Bound);
        while (!await done(ct))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{command} {resource}: no effect after {Bound.TotalSeconds:F0} s (command: success={result.Success}, {result.Message})");
            await Task.Delay(250, ct);
        }
    }
}
