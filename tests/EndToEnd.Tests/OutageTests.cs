using Aspire.Hosting;

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

        await app.StopResourceAsync("control-plane", token => Resources.AnswersAsync(app.ControlPlane, token), ct);
        var postgres = PostgresPort(await app.App.GetConnectionStringAsync("catalogdb", ct));
        await app.StopResourceAsync("postgres", token => Resources.AcceptsAsync(postgres, token), ct);

        using var served = await app.DataPlane.SendAsync(Admin.Chat(kept, $"@{slug}/m", "still there?"), ct);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        using var refused = await app.DataPlane.SendAsync(Admin.Chat(revoked, $"@{slug}/m", "let me in"), ct);
        await ErrorShapes.AssertOpenAiErrorAsync(refused, HttpStatusCode.Unauthorized, ct);
    }

    private static int PostgresPort(string? connectionString) =>
        int.Parse(connectionString!.Split(';').Select(part => part.Split('=', 2))
            .First(pair => pair[0].Trim().Equals("Port", StringComparison.OrdinalIgnoreCase))[1]);
}
