namespace EndToEnd.Tests;

/// <summary>The walking skeleton: admin API → snapshot → data plane → RabbitMQ → LogIngestor → logs API.</summary>
public sealed class SkeletonTests(GatewayAppFixture app)
{
    [Theory]
    [InlineData("control")]
    [InlineData("data")]
    public async Task Health_OnBothPlanes_AnswersHealthy(string plane)
    {
        var client = plane == "control" ? app.ControlPlane : app.DataPlane;
        using var response = await client.GetAsync("/health", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ChatCompletion_ThroughMockProvider_AnswersInOpenAiShape_AndIsLoggedWithMetadata()
    {
        var ct = TestContext.Current.CancellationToken;
        var slug = "mock-" + Guid.NewGuid().ToString("N")[..8];
        await app.CreateMockProviderAsync(slug, ct);
        var key = await app.CreateServiceKeyAsync(ct);
        var traceId = "trace-" + Guid.NewGuid().ToString("N");

        using var request = Admin.Chat(key, $"@{slug}/gpt-4o-mini", "Hello there", metadata: """{"team":"search","_user":"ada"}""");
        request.Headers.Add("x-portkey-trace-id", traceId);
        request.Headers.Add("x-portkey-some-future-header", "ignored"); // SDKs send headers we do not know
        using var response = await app.DataPlane.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(traceId, response.Headers.GetValues("x-portkey-trace-id").Single());
        Assert.Equal(slug, response.Headers.GetValues("x-portkey-provider").Single());
        var completion = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal("chat.completion", completion.GetProperty("object").GetString());
        Assert.Equal("gpt-4o-mini", completion.GetProperty("model").GetString());
        var message = completion.GetProperty("choices")[0].GetProperty("message");
        Assert.Equal("assistant", message.GetProperty("role").GetString());
        Assert.Contains("Hello there", message.GetProperty("content").GetString());
        var usage = completion.GetProperty("usage");
        var promptTokens = usage.GetProperty("prompt_tokens").GetInt32();
        var completionTokens = usage.GetProperty("completion_tokens").GetInt32();
        Assert.True(promptTokens > 0 && completionTokens > 0);
        Assert.Equal(promptTokens + completionTokens, usage.GetProperty("total_tokens").GetInt32());

        var log = await WaitForLogAsync(traceId, ct);
        Assert.Equal(slug, log.GetProperty("provider").GetString());
        Assert.Equal("gpt-4o-mini", log.GetProperty("model").GetString());
        Assert.Equal(200, log.GetProperty("status").GetInt32());
        Assert.Equal(promptTokens, log.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(completionTokens, log.GetProperty("completion_tokens").GetInt32());
        Assert.True(log.GetProperty("latency_ms").GetInt32() >= 0);
        Assert.Equal("search", log.GetProperty("metadata").GetProperty("team").GetString());
        Assert.Equal("ada", log.GetProperty("metadata").GetProperty("_user").GetString());
    }

    [Fact]
    public async Task StreamingChatCompletion_ThroughMockProvider_SendsChunksThenDone_AndIsLogged()
    {
        var ct = TestContext.Current.CancellationToken;
        var slug = "mock-" + Guid.NewGuid().ToString("N")[..8];
        await app.CreateMockProviderAsync(slug, ct);
        var key = await app.CreateServiceKeyAsync(ct);
        var traceId = "trace-" + Guid.NewGuid().ToString("N");

        using var request = Admin.Chat(key, $"@{slug}/claude-3-haiku", "Stream me a reply", stream: true);
        request.Headers.Add("x-portkey-trace-id", traceId);
        using var response = await app.DataPlane.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = await ReadServerSentEventsAsync(response, ct);
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e).RootElement).ToList();
        Assert.All(chunks, chunk => Assert.Equal("chat.completion.chunk", chunk.GetProperty("object").GetString()));
        var contentChunks = chunks
            .Where(c => c.GetProperty("choices").GetArrayLength() > 0)
            .Select(c => c.GetProperty("choices")[0].GetProperty("delta"))
            .Where(d => d.TryGetProperty("content", out var content) && content.GetString() is { Length: > 0 })
            .Select(d => d.GetProperty("content").GetString())
            .ToList();
        Assert.True(contentChunks.Count >= 2, $"expected at least two content chunks, got {contentChunks.Count}");
        Assert.Contains("Stream me a reply", string.Concat(contentChunks));

        var log = await WaitForLogAsync(traceId, ct);
        Assert.True(log.GetProperty("stream").GetBoolean());
        Assert.True(log.GetProperty("completion_tokens").GetInt32() > 0);
        Assert.Equal(200, log.GetProperty("status").GetInt32());
    }

    private async Task<JsonElement> WaitForLogAsync(string traceId, CancellationToken ct)
    {
        // Logging is asynchronous by design (batched publish, then ingestion): poll, bounded.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await app.ControlPlane.SendAsync(
                Admin.Request(HttpMethod.Get, $"/v1/logs?trace_id={traceId}", app.AdminApiKey), ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            var data = page.GetProperty("data");
            if (data.GetArrayLength() > 0)
            {
                Assert.Equal(1, data.GetArrayLength());
                return data[0];
            }

            Assert.True(DateTime.UtcNow < deadline, $"no log for trace {traceId} within 30 s");
            await Task.Delay(250, ct);
        }
    }

    private static async Task<List<string>> ReadServerSentEventsAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var events = new List<string>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add(line["data: ".Length..]);
            }
        }

        return events;
    }
}
