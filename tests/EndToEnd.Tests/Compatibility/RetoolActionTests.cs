using System.Net.Http.Headers;
using System.Text;

namespace EndToEnd.Tests.Compatibility;

/// <summary>
/// Retool's AI actions (a system message plus a prompt, plain and streamed) through the data plane to a fake
/// OpenAI upstream: Retool gets well-formed OpenAI answers, and the upstream gets the system message intact.
/// </summary>
public sealed class RetoolActionTests(GatewayAppFixture app, FakeOpenAiFixture fake) : IClassFixture<FakeOpenAiFixture>
{
    public static TheoryData<string> Actions => [.. RetoolAction.All.Keys];

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task RetoolAction_NonStreaming_AnswersAChatCompletion_AndForwardsTheSystemMessage(string name)
    {
        var ct = TestContext.Current.CancellationToken;
        var action = RetoolAction.All[name];
        var (slug, key) = await fake.RegisterAsync(app, ct);
        var marker = CompatibilityClients.NewMarker();

        using var response = await app.DataPlane.SendAsync(Request(key, action.Body($"@{slug}/gpt-4o-mini", stream: false, marker)), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(slug, response.Headers.GetValues("x-portkey-provider").Single());
        var completion = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal("chat.completion", completion.GetProperty("object").GetString());
        Assert.False(string.IsNullOrEmpty(completion.GetProperty("id").GetString()));
        var choice = Assert.Single(completion.GetProperty("choices").EnumerateArray());
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        Assert.Equal("Echo: " + action.LastUserMessage, choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        var usage = completion.GetProperty("usage");
        Assert.True(usage.GetProperty("prompt_tokens").GetInt32() > 0 && usage.GetProperty("completion_tokens").GetInt32() > 0);

        AssertUpstreamGot(action, marker, stream: false);
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task RetoolAction_Streaming_SendsChunksEndingWithDone_AndForwardsTheSystemMessage(string name)
    {
        var ct = TestContext.Current.CancellationToken;
        var action = RetoolAction.All[name];
        var (slug, key) = await fake.RegisterAsync(app, ct);
        var marker = CompatibilityClients.NewMarker();

        using var response = await app.DataPlane.SendAsync(
            Request(key, action.Body($"@{slug}/gpt-4o-mini", stream: true, marker)), HttpCompletionOption.ResponseHeadersRead, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = await ReadEventsAsync(response, ct);
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e).RootElement).ToList();
        Assert.All(chunks, chunk => Assert.Equal("chat.completion.chunk", chunk.GetProperty("object").GetString()));
        var text = new StringBuilder();
        string? finish = null;
        foreach (var choice in chunks.SelectMany(c => c.GetProperty("choices").EnumerateArray()))
        {
            if (choice.GetProperty("delta").TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
            {
                text.Append(content.GetString());
            }

            if (choice.TryGetProperty("finish_reason", out var reason) && reason.ValueKind == JsonValueKind.String)
            {
                finish = reason.GetString();
            }
        }

        Assert.Equal("Echo: " + action.LastUserMessage, text.ToString());
        Assert.Equal("stop", finish);
        AssertUpstreamGot(action, marker, stream: true);
    }

    private void AssertUpstreamGot(RetoolAction action, string marker, bool stream)
    {
        var upstream = fake.Upstream.ReceivedWith(marker).Json;
        var messages = upstream.GetProperty("messages");
        Assert.Equal(action.Conversation.Count + 1, messages.GetArrayLength());
        Assert.Equal("system", messages[0].GetProperty("role").GetString());
        Assert.Equal($"{action.SystemPrompt} [{marker}]", messages[0].GetProperty("content").GetString());
        Assert.Equal(action.LastUserMessage, messages[messages.GetArrayLength() - 1].GetProperty("content").GetString());
        Assert.Equal("gpt-4o-mini", upstream.GetProperty("model").GetString());
        Assert.Equal(stream, upstream.TryGetProperty("stream", out var s) && s.GetBoolean());
    }

    private static HttpRequestMessage Request(string key, object body)
    {
        var request = Admin.Request(HttpMethod.Post, "/v1/chat/completions", null, body);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    private static async Task<List<string>> ReadEventsAsync(HttpResponseMessage response, CancellationToken ct)
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
