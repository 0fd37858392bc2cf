using System.Text;
using OpenAI.Chat;

namespace EndToEnd.Tests.Compatibility;

/// <summary>The official OpenAI .NET SDK against the built-in <c>mock</c> provider: the gateway's own answers parse.</summary>
public sealed class OpenAiSdkMockTests(GatewayAppFixture app)
{
    [Fact]
    public async Task Sdk_ChatCompletion_ThroughMockProvider_ParsesContentAndUsage()
    {
        var ct = TestContext.Current.CancellationToken;
        var (model, key) = await SetUpAsync(ct);
        var chat = app.OpenAiSdk(key).GetChatClient(model);

        ChatCompletion completion = await chat.CompleteChatAsync(
            [new SystemChatMessage("You are terse."), new UserChatMessage("Hello from the SDK")], cancellationToken: ct);

        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Contains("Hello from the SDK", completion.Content.Single().Text);
        Assert.False(string.IsNullOrEmpty(completion.Id));
        Assert.True(completion.Usage.InputTokenCount > 0);
        Assert.True(completion.Usage.OutputTokenCount > 0);
        Assert.Equal(completion.Usage.InputTokenCount + completion.Usage.OutputTokenCount, completion.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task Sdk_StreamingChatCompletion_ThroughMockProvider_AssemblesTheReplyFromChunks()
    {
        var ct = TestContext.Current.CancellationToken;
        var (model, key) = await SetUpAsync(ct);
        var chat = app.OpenAiSdk(key).GetChatClient(model);

        var text = new StringBuilder();
        var contentUpdates = 0;
        ChatFinishReason? finish = null;
        await foreach (var update in chat.CompleteChatStreamingAsync(
            [new SystemChatMessage("You are terse."), new UserChatMessage("Stream this back to me")], cancellationToken: ct))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
                contentUpdates++;
            }

            finish ??= update.FinishReason;
        }

        Assert.True(contentUpdates >= 2, $"expected at least two content chunks, got {contentUpdates}");
        Assert.Contains("Stream this back to me", text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
    }

    private async Task<(string Model, string Key)> SetUpAsync(CancellationToken ct)
    {
        var slug = "mock-sdk-" + Guid.NewGuid().ToString("N")[..8];
        await app.CreateMockProviderAsync(slug, ct);
        return ($"@{slug}/gpt-4o-mini", await app.CreateServiceKeyAsync(ct));
    }
}
