using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Contracts.Usage;
using DataPlane.Usage;
using Microsoft.Extensions.DependencyInjection;

namespace DataPlane.Tests;

public abstract class ServiceTestBase(DataPlaneFactory factory)
{
    protected static readonly TimeSpan Bounded = TimeSpan.FromSeconds(15);

    protected DataPlaneFactory Factory { get; } = factory;

    protected async Task<HttpClient> ReadyClientAsync()
    {
        var client = Factory.CreateClient();
        using var deadline = new CancellationTokenSource(Bounded);
        while (true)
        {
            using var health = await client.GetAsync("/health", deadline.Token);
            if (health.StatusCode == HttpStatusCode.OK)
            {
                return client;
            }

            await Task.Delay(50, deadline.Token);
        }
    }

    protected static HttpRequestMessage Chat(string json, string? key = null, params (string Name, string Value)[] headers) =>
        Post("/v1/chat/completions", json, key, headers);

    protected static HttpRequestMessage Post(string path, string json, string? key = null, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("x-portkey-api-key", key);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    protected static string Body(string model, string userText = "hello there", bool stream = false, bool includeUsage = false) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["model"] = model,
            ["stream"] = stream,
            ["stream_options"] = includeUsage ? new { include_usage = true } : null,
            ["messages"] = new object[] { new { role = "system", content = "be brief" }, new { role = "user", content = userText } },
        });

    /// <summary>Asserts OpenAI's error shape and returns the error object.</summary>
    protected static async Task<JsonElement> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var error = document.RootElement.GetProperty("error");
        Assert.Equal(JsonValueKind.String, error.GetProperty("message").ValueKind);
        Assert.Equal(JsonValueKind.String, error.GetProperty("type").ValueKind);
        Assert.True(error.TryGetProperty("param", out _));
        Assert.True(error.TryGetProperty("code", out _));
        return error.Clone();
    }

    /// <summary>
    /// The usage event for a trace id, read from what the publisher holds unpublished (RabbitMQ is
    /// unreachable in these tests, so every event stays in hand).
    /// </summary>
    protected async Task<UsageEvent> WaitForUsageEventAsync(string traceId)
    {
        var publisher = Factory.Services.GetRequiredService<UsagePublisher>();
        using var deadline = new CancellationTokenSource(Bounded);
        while (true)
        {
            if (publisher.Unpublished.FirstOrDefault(e => e.TraceId == traceId) is { } found)
            {
                return found;
            }

            await Task.Delay(50, deadline.Token);
        }
    }

    protected static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";

    protected static AuthenticationHeaderValue Bearer(string key) => new("Bearer", key);
}
