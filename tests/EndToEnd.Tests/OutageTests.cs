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

        foreach (var resource in new[] { "control-plane", "postgres" })
        {
            await StopAsync(resource, ct);
        }

        Assert.False(await AnswersAsync(app.ControlPlane, ct), "the control plane still answers");

        using var served = await app.DataPlane.SendAsync(Admin.Chat(kept, $"@{slug}/m", "still there?"), ct);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        using var refused = await app.DataPlane.SendAsync(Admin.Chat(revoked, $"@{slug}/m", "let me in"), ct);
        await ErrorShapes.AssertOpenAiErrorAsync(refused, HttpStatusCode.Unauthorized, ct);
    }

    /// <summary>
    /// Asks DCP to stop the resource and waits (bounded) until it has: the command can report a failure while
    /// the process is still shutting down gracefully, so the resource's state is what counts.
    /// </summary>
    private async Task StopAsync(string resource, CancellationToken ct)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(TimeSpan.FromSeconds(90));
        var result = await app.App.ResourceCommands.ExecuteCommandAsync(resource, KnownResourceCommands.StopCommand, bounded.Token);
        TestContext.Current.SendDiagnosticMessage($"stop {resource}: success={result.Success} {result.Message}");
        await app.App.ResourceNotifications.WaitForResourceAsync(resource, KnownResourceStates.TerminalStates, bounded.Token);
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
