using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace EndToEnd.Tests;

/// <summary>The data plane keeps serving from its snapshot while the control plane and its database are down.</summary>
[Collection(nameof(IsolatedGatewayApp))]
public sealed class OutageTests(IsolatedGatewayApp app)
{
    [Fact]
    public async Task ControlPlaneAndPostgresDown_KnownKeysKeepWorking_AndARevokedKeyStaysRevoked()
    {
        var ct = TestContext.Current.CancellationToken;
        var slug = "mock-" + Guid.NewGuid().ToString("N")[..8];
        await app.CreateMockProviderAsync(slug, ct);
        var kept = await app.CreateServiceKeyAsync(ct);
        var (revoked, revokedId) = await app.CreateServiceKeyWithIdAsync(ct);
        using (var revoke = await app.ControlPlane.SendAsync(
            Admin.Request(HttpMethod.Delete, $"/v1/api-keys/{revokedId}", app.AdminApiKey), ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        await app.WaitUntilDataPlaneRejectsAsync(revoked, ct);

        await StopAsync("control-plane", token => AnswersAsync(app.ControlPlane, token), ct);
        var postgres = PostgresPort(await app.App.GetConnectionStringAsync("catalogdb", ct));
        await StopAsync("postgres", token => AcceptsAsync(postgres, token), ct);

        using var served = await app.DataPlane.SendAsync(Admin.Chat(kept, $"@{slug}/m", "still there?"), ct);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        using var refused = await app.DataPlane.SendAsync(Admin.Chat(revoked, $"@{slug}/m", "let me in"), ct);
        await ErrorShapes.AssertOpenAiErrorAsync(refused, HttpStatusCode.Unauthorized, ct);
    }

    /// <summary>
    /// Asks DCP to stop the resource, then waits (bounded) until it really is down: the command can report a
    /// failure, and the resource's state can stay unknown, while the process is already gone.
    /// </summary>
    private async Task StopAsync(string resource, Func<CancellationToken, Task<bool>> isUp, CancellationToken ct)
    {
        var result = await app.App.ResourceCommands.ExecuteCommandAsync(resource, KnownResourceCommands.StopCommand, ct);
        TestContext.Current.SendDiagnosticMessage($"stop {resource}: success={result.Success} {result.Message}");
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (await isUp(ct))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{resource} is still up 90 s after the stop command");
            await Task.Delay(250, ct);
        }
    }

    private static int PostgresPort(string? connectionString) =>
        int.Parse(connectionString!.Split(';').Select(part => part.Split('=', 2))
            .First(pair => pair[0].Trim().Equals("Port", StringComparison.OrdinalIgnoreCase))[1]);

    private static async Task<bool> AcceptsAsync(int port, CancellationToken ct)
    {
        try
        {
            using var client = new System.Net.Sockets.TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, ct);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private static async Task<bool> AnswersAsync(HttpClient client, CancellationToken ct)
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
}
