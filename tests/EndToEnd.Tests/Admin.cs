using System.Net.Http.Headers;
using System.Text;

namespace EndToEnd.Tests;

/// <summary>Small steps the tests share: admin calls with the bootstrap key, and data-plane calls.</summary>
internal static class Admin
{
    public static HttpRequestMessage Request(HttpMethod method, string path, string? apiKey, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (apiKey is not null)
        {
            request.Headers.Add("x-portkey-api-key", apiKey);
        }

        if (body is not null)
        {
            request.Content = body as HttpContent ?? JsonContent.Create(body);
        }

        return request;
    }

    public static StringContent RawJson(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>An admin call that must answer <paramref name="expected"/>; returns its JSON body.</summary>
    public static async Task<JsonElement> SendExpectingAsync(this GatewayAppFixture app, HttpMethod method, string path, object? body,
        HttpStatusCode expected, CancellationToken ct, string? key = null)
    {
        using var response = await app.ControlPlane.SendAsync(Request(method, path, key ?? app.AdminApiKey, body), ct);
        Assert.Equal(expected, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(ct);
    }

    public static async Task<JsonElement> CreateMockProviderAsync(this GatewayAppFixture app, string slug, CancellationToken ct)
    {
        using var response = await app.ControlPlane.SendAsync(
            Request(HttpMethod.Post, "/v1/providers", app.AdminApiKey, new { name = $"Mock {slug}", slug, ai_provider = "mock" }), ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(ct);
    }

    /// <summary>Creates a workspace service key and waits (bounded) until the data plane knows it.</summary>
    public static async Task<string> CreateServiceKeyAsync(this GatewayAppFixture app, CancellationToken ct, params string[] scopes) =>
        (await app.CreateServiceKeyWithIdAsync(ct, scopes)).Key;

    public static async Task<(string Key, string Id)> CreateServiceKeyWithIdAsync(this GatewayAppFixture app, CancellationToken ct, params string[] scopes)
    {
        object body = scopes.Length == 0 ? new { name = "e2e service" } : new { name = "e2e service", scopes };
        using var response = await app.ControlPlane.SendAsync(
            Request(HttpMethod.Post, "/v1/api-keys/workspace/service", app.AdminApiKey, body), ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        var key = created.GetProperty("key").GetString()!;
        await app.WaitUntilDataPlaneKnowsAsync(key, ct);
        return (key, created.GetProperty("id").GetString()!);
    }

    /// <summary>Waits (bounded) until the data plane refuses <paramref name="key"/> with 401.</summary>
    public static async Task WaitUntilDataPlaneRejectsAsync(this GatewayAppFixture app, string key, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            using var probe = await app.DataPlane.SendAsync(Request(HttpMethod.Post, "/v1/chat/completions", key, RawJson("{}")), ct);
            if (probe.StatusCode == HttpStatusCode.Unauthorized)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "the data plane still accepts the key after 10 s");
            await Task.Delay(50, ct);
        }
    }

    public static async Task WaitUntilDataPlaneKnowsAsync(this GatewayAppFixture app, string key, CancellationToken ct)
    {
        // The contract promises a change is in force within 1 s; allow a few for a loaded CI machine.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            // Authentication comes before validation: an empty body tells "unknown key" (401) from "known" (400).
            using var probe = await app.DataPlane.SendAsync(Request(HttpMethod.Post, "/v1/chat/completions", key, RawJson("{}")), ct);
            if (probe.StatusCode != HttpStatusCode.Unauthorized || DateTime.UtcNow > deadline)
            {
                Assert.NotEqual(HttpStatusCode.Unauthorized, probe.StatusCode);
                return;
            }

            await Task.Delay(100, ct);
        }
    }

    /// <summary>The one log a query finds, once LogIngestor has written it (logging is asynchronous by design: polled, bounded).</summary>
    public static async Task<JsonElement> WaitForSingleLogAsync(this GatewayAppFixture app, string path, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var data = (await app.SendExpectingAsync(HttpMethod.Get, path, null, HttpStatusCode.OK, ct)).GetProperty("data");
            if (data.GetArrayLength() > 0)
            {
                return Assert.Single(data.EnumerateArray());
            }

            Assert.True(DateTime.UtcNow < deadline, $"nothing at {path} within 30 s");
            await Task.Delay(250, ct);
        }
    }

    public static HttpRequestMessage Chat(string key, string model, string userText, bool stream = false, string? metadata = null)
    {
        var request = Request(HttpMethod.Post, "/v1/chat/completions", null, new
        {
            model,
            stream,
            messages = new object[]
            {
                new { role = "system", content = "You are terse." },
                new { role = "user", content = userText },
            },
        });
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (metadata is not null)
        {
            request.Headers.Add("x-portkey-metadata", metadata);
        }

        return request;
    }
}
