using System.Text;
using OpenAI.Chat;
using OpenAI.Embeddings;

namespace EndToEnd.Tests.Compatibility;

/// <summary>
/// The official OpenAI .NET SDK pointed at the data plane, which relays to a fake OpenAI upstream: what an
/// app using the SDK sees, and what the upstream receives.
/// </summary>
public sealed class OpenAiSdkTests(GatewayAppFixture app, FakeOpenAiFixture fake) : IClassFixture<FakeOpenAiFixture>
{
    private const string WeatherSchema = """
        {"type":"object","properties":{"location":{"type":"string"},"unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["location"]}
        """;

    [Fact]
    public async Task Sdk_ChatCompletion_ReachesTheUpstreamWithItsKey_AndParsesUsage()
    {
        var ct = TestContext.Current.CancellationToken;
        var (slug, key) = await fake.RegisterAsync(app, ct);
        var marker = CompatibilityClients.NewMarker();
        var chat = app.OpenAiSdk(key).GetChatClient($"@{slug}/gpt-4o-mini");

        ChatCompletion completion = await chat.CompleteChatAsync(
            [new SystemChatMessage($"You are terse. {marker}"), new UserChatMessage("Say hello")],
            new ChatCompletionOptions { Temperature = 0.2f, MaxOutputTokenCount = 64 },
            ct);

        Assert.Equal("Echo: Say hello", completion.Content.Single().Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.True(completion.Usage.InputTokenCount > 0 && completion.Usage.OutputTokenCount > 0);

        var upstream = fake.Upstream.ReceivedWith(marker);
        Assert.Equal("Bearer " + FakeOpenAiFixture.ProviderKey, upstream.Header("authorization"));
        Assert.Equal("gpt-4o-mini", upstream.Json.GetProperty("model").GetString());
        Assert.Equal("system", upstream.Json.GetProperty("messages")[0].GetProperty("role").GetString());
        Assert.DoesNotContain(key, upstream.BodyText + string.Join(' ', upstream.Headers.Values)); // the gateway key stays at the gateway
    }

    [Fact]
    public async Task Sdk_StreamingChatCompletion_DeliversEveryChunkAndTheUsage()
    {
        var ct = TestContext.Current.CancellationToken;
        var (slug, key) = await fake.RegisterAsync(app, ct);
        var marker = CompatibilityClients.NewMarker();
        var chat = app.OpenAiSdk(key).GetChatClient($"@{slug}/gpt-4o-mini");

        var text = new StringBuilder();
        var contentUpdates = 0;
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        await foreach (var update in chat.CompleteChatStreamingAsync(
            [new SystemChatMessage($"You are terse. {marker}"), new UserChatMessage("one two three four")],
            new ChatCompletionOptions(), ct))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
                contentUpdates++;
            }

            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.Equal("Echo: one two three four", text.ToString());
        Assert.True(contentUpdates >= 2, $"expected several content chunks, got {contentUpdates}");
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.NotNull(usage); // the SDK asks for stream_options.include_usage
        Assert.True(usage.OutputTokenCount > 0);
        Assert.True(fake.Upstream.ReceivedWith(marker).Json.GetProperty("stream").GetBoolean());
    }

    [Fact]
    public async Task Sdk_Tools_ToolCallComesBack_AndTheToolResultRoundTrips()
    {
        var ct = TestContext.Current.CancellationToken;
        var (slug, key) = await fake.RegisterAsync(app, ct);
        var marker = CompatibilityClients.NewMarker();
        var chat = app.OpenAiSdk(key).GetChatClient($"@{slug}/gpt-4o-mini");
        var options = new ChatCompletionOptions
        {
            Tools = { ChatTool.CreateFunctionTool("get_weather", "Current weather for a city", BinaryData.FromString(WeatherSchema)) },
        };
        List<ChatMessage> messages = [new SystemChatMessage($"Use tools. {marker}"), new UserChatMessage("Weather in Paris?")];

        ChatCompletion first = await chat.CompleteChatAsync(messages, options, ct);

        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);
        var call = Assert.Single(first.ToolCalls);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.False(string.IsNullOrEmpty(call.Id));
        using (var arguments = JsonDocument.Parse(call.FunctionArguments))
        {
            Assert.Equal("Paris", arguments.RootElement.GetProperty("location").GetString());
        }

        messages.Add(new AssistantChatMessage(first));
        messages.Add(new ToolChatMessage(call.Id, """{"temperature_c":18,"sky":"clear"}"""));
        ChatCompletion second = await chat.CompleteChatAsync(messages, options, ct);

        Assert.Equal(ChatFinishReason.Stop, second.FinishReason);
        Assert.Equal("""Tool said: {"temperature_c":18,"sky":"clear"}""", second.Content.Single().Text);
        var upstreamMessages = fake.Upstream.Requests
            .Where(r => r.BodyText.Contains(marker, StringComparison.Ordinal))
            .Last().Json.GetProperty("messages");
        Assert.Equal(4, upstreamMessages.GetArrayLength());
        Assert.Equal(call.Id, upstreamMessages[2].GetProperty("tool_calls")[0].GetProperty("id").GetString());
        Assert.Equal("tool", upstreamMessages[3].GetProperty("role").GetString());
        Assert.Equal(call.Id, upstreamMessages[3].GetProperty("tool_call_id").GetString());
    }

    [Fact]
    public async Task Sdk_Embeddings_ReturnOneVectorPerInput()
    {
        var ct = TestContext.Current.CancellationToken;
        var (slug, key) = await fake.RegisterAsync(app, ct);
        var embeddings = app.OpenAiSdk(key).GetEmbeddingClient($"@{slug}/text-embedding-3-small");

        OpenAIEmbeddingCollection vectors = await embeddings.GenerateEmbeddingsAsync(["first text", "second text"], cancellationToken: ct);

        Assert.Equal(2, vectors.Count);
        Assert.All(vectors, v => Assert.Equal(fake.Upstream.EmbeddingDimensions, v.ToFloats().Length));
        Assert.Equal([0, 1], vectors.Select(v => v.Index));
        var upstream = fake.Upstream.LastRequest!;
        Assert.EndsWith("/embeddings", upstream.Path);
        Assert.Equal("text-embedding-3-small", upstream.Json.GetProperty("model").GetString());
    }
}
