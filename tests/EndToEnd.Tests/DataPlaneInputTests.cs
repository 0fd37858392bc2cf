namespace EndToEnd.Tests;

/// <summary>Bad input on the data plane gets OpenAI's error JSON with the contract's status.</summary>
public sealed class DataPlaneInputTests(GatewayAppFixture app)
{
    [Fact]
    public async Task Chat_WithoutKey_Returns401()
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await app.DataPlane.SendAsync(
            Admin.Request(HttpMethod.Post, "/v1/chat/completions", null, Admin.RawJson("{}")), ct);
        await ErrorShapes.AssertOpenAiErrorAsync(response, HttpStatusCode.Unauthorized, ct);
    }

    [Fact]
    public async Task Chat_WithUnknownKey_Returns401()
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await app.DataPlane.SendAsync(Admin.Chat("pk-unknown", "@mock/x", "hi"), ct);
        await ErrorShapes.AssertOpenAiErrorAsync(response, HttpStatusCode.Unauthorized, ct);
    }

    [Theory]
    [InlineData("{\"model\": ")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")]
    [InlineData("{\"model\": \"@x/y\"}")]
    public async Task Chat_WithInvalidBody_Returns400(string json)
    {
        var ct = TestContext.Current.CancellationToken;
        var key = await app.CreateServiceKeyAsync(ct);
        using var response = await app.DataPlane.SendAsync(
            Admin.Request(HttpMethod.Post, "/v1/chat/completions", key, Admin.RawJson(json)), ct);
        await ErrorShapes.AssertOpenAiErrorAsync(response, HttpStatusCode.BadRequest, ct);
    }

    [Fact]
    public async Task Chat_WithUnknownProviderSlug_Returns404()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = await app.CreateServiceKeyAsync(ct);
        using var response = await app.DataPlane.SendAsync(Admin.Chat(key, "@no-such-provider/gpt-4o", "hi"), ct);
        await ErrorShapes.AssertOpenAiErrorAsync(response, HttpStatusCode.NotFound, ct);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[\"a\"]")]
    [InlineData("{\"team\": 42}")]
    public async Task Chat_WithBadMetadataHeader_Returns400(string metadata)
    {
        var ct = TestContext.Current.CancellationToken;
        var slug = "mock-" + Guid.NewGuid().ToString("N")[..8];
        await app.CreateMockProviderAsync(slug, ct);
        var key = await app.CreateServiceKeyAsync(ct);
        using var response = await app.DataPlane.SendAsync(Admin.Chat(key, $"@{slug}/m", "hi", metadata: metadata), ct);
        await ErrorShapes.AssertOpenAiErrorAsync(response, HttpStatusCode.BadRequest, ct);
    }

    [Fact]
    public async Task Chat_WithKeyLackingCompletionsScope_Returns403()
    {
        var ct = TestContext.Current.CancellationToken;
        var slug = "mock-" + Guid.NewGuid().ToString("N")[..8];
        await app.CreateMockProviderAsync(slug, ct);
        var key = await app.CreateServiceKeyAsync(ct, "logs.view");
        using var response = await app.DataPlane.SendAsync(Admin.Chat(key, $"@{slug}/m", "hi"), ct);
        await ErrorShapes.AssertOpenAiErrorAsync(response, HttpStatusCode.Forbidden, ct);
    }

    [Fact]
    public async Task UnknownRoute_Returns404InOpenAiShape()
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await app.DataPlane.GetAsync("/v1/no-such-route", ct);
        await ErrorShapes.AssertOpenAiErrorAsync(response, HttpStatusCode.NotFound, ct);
    }
}
