using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;
using TestKit.FakeProviders;

namespace EndToEnd.Tests.Compatibility;

/// <summary>Clients and admin steps the compatibility tests share.</summary>
internal static class CompatibilityClients
{
    /// <summary>The official OpenAI SDK with the data plane as its Base URL, as an app would configure it.</summary>
    public static OpenAIClient OpenAiSdk(this GatewayAppFixture app, string gatewayKey) =>
        new(new ApiKeyCredential(gatewayKey), new OpenAIClientOptions
        {
            Endpoint = new Uri(app.DataPlane.BaseAddress!, "/v1"),
            // Bounded, and no silent retries: a failure shows on the first answer.
            NetworkTimeout = TimeSpan.FromSeconds(30),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });

    public static async Task CreateProviderAsync(this GatewayAppFixture app, object body, CancellationToken ct)
    {
        using var response = await app.ControlPlane.SendAsync(Admin.Request(HttpMethod.Post, "/v1/providers", app.AdminApiKey, body), ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>The request the fake received whose messages contain <paramref name="marker"/> (a per-test id).</summary>
    public static RecordedRequest ReceivedWith(this FakeOpenAiServer upstream, string marker)
    {
        var matches = upstream.Requests.Where(r => r.BodyText.Contains(marker, StringComparison.Ordinal)).ToList();
        Assert.True(matches.Count == 1, $"expected one upstream request carrying {marker}, got {matches.Count}");
        return matches[0];
    }

    /// <summary>A per-test marker to find the test's own request among those the fake recorded.</summary>
    public static string NewMarker() => "m" + Guid.NewGuid().ToString("N")[..12];
}
