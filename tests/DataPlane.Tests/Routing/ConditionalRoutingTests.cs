using System.Net;
using TestKit.FakeProviders;

namespace DataPlane.Tests.Routing;

public sealed class ConditionalRoutingTests(RoutingFixture fixture) : RoutingTestBase(fixture), IClassFixture<RoutingFixture>
{
    /// <summary>A conditional config: <paramref name="query"/> → target <c>x</c> (mock-x), else the default <c>y</c> (mock-y).</summary>
    private static string XIfElseY(string query) => $$"""
        {"strategy":{"mode":"conditional","conditions":[{"query":{{query}},"then":"x"}],"default":"y"},
         "targets":[{"name":"x","provider":"@mock-x"},{"name":"y","provider":"@mock-y"}]}
        """;

    private static string BodyWith(string model, string extraFields) =>
        $$"""{"model":"{{model}}",{{extraFields}},"messages":[{"role":"user","content":"hello there"}]}""";

    [Theory]
    // Implicit $eq, then every operator: one request that matches, one that does not.
    [InlineData("""{"metadata.tier":"pro"}""", """{"tier":"pro"}""", "mock-x")]
    [InlineData("""{"metadata.tier":"pro"}""", """{"tier":"free"}""", "mock-y")]
    [InlineData("""{"metadata.tier":{"$eq":"pro"}}""", """{"tier":"pro"}""", "mock-x")]
    [InlineData("""{"metadata.tier":{"$eq":"pro"}}""", """{"tier":"PRO"}""", "mock-y")]
    [InlineData("""{"metadata.tier":{"$ne":"free"}}""", """{"tier":"pro"}""", "mock-x")]
    [InlineData("""{"metadata.tier":{"$ne":"free"}}""", """{"tier":"free"}""", "mock-y")]
    // "10" > 9 only when compared as numbers ("10" < "9" as strings).
    [InlineData("""{"metadata.score":{"$gt":9}}""", """{"score":"10"}""", "mock-x")]
    [InlineData("""{"metadata.score":{"$gt":9}}""", """{"score":"9"}""", "mock-y")]
    [InlineData("""{"metadata.score":{"$gte":9}}""", """{"score":"9"}""", "mock-x")]
    [InlineData("""{"metadata.score":{"$gte":9}}""", """{"score":"8.5"}""", "mock-y")]
    [InlineData("""{"metadata.score":{"$lt":10}}""", """{"score":"9"}""", "mock-x")]
    [InlineData("""{"metadata.score":{"$lt":10}}""", """{"score":"10"}""", "mock-y")]
    [InlineData("""{"metadata.score":{"$lte":10}}""", """{"score":"10"}""", "mock-x")]
    [InlineData("""{"metadata.score":{"$lte":10}}""", """{"score":"11"}""", "mock-y")]
    [InlineData("""{"metadata.tier":{"$in":["pro","team"]}}""", """{"tier":"team"}""", "mock-x")]
    [InlineData("""{"metadata.tier":{"$in":["pro","team"]}}""", """{"tier":"free"}""", "mock-y")]
    [InlineData("""{"metadata.tier":{"$nin":["free","trial"]}}""", """{"tier":"pro"}""", "mock-x")]
    [InlineData("""{"metadata.tier":{"$nin":["free","trial"]}}""", """{"tier":"trial"}""", "mock-y")]
    [InlineData("""{"metadata.user":{"$regex":"^user-[0-9]+$"}}""", """{"user":"user-42"}""", "mock-x")]
    [InlineData("""{"metadata.user":{"$regex":"^user-[0-9]+$"}}""", """{"user":"user-4x"}""", "mock-y")]
    [InlineData("""{"$and":[{"metadata.tier":"pro"},{"metadata.region":"eu"}]}""", """{"tier":"pro","region":"eu"}""", "mock-x")]
    [InlineData("""{"$and":[{"metadata.tier":"pro"},{"metadata.region":"eu"}]}""", """{"tier":"pro","region":"us"}""", "mock-y")]
    [InlineData("""{"$or":[{"metadata.tier":"pro"},{"metadata.region":"eu"}]}""", """{"tier":"free","region":"eu"}""", "mock-x")]
    [InlineData("""{"$or":[{"metadata.tier":"pro"},{"metadata.region":"eu"}]}""", """{"tier":"free","region":"us"}""", "mock-y")]
    // Several operators on one field are AND-ed.
    [InlineData("""{"metadata.score":{"$gte":1,"$lt":5}}""", """{"score":"3"}""", "mock-x")]
    [InlineData("""{"metadata.score":{"$gte":1,"$lt":5}}""", """{"score":"5"}""", "mock-y")]
    // A missing field matches $ne / $nin only.
    [InlineData("""{"metadata.absent":{"$ne":"pro"}}""", """{"tier":"pro"}""", "mock-x")]
    [InlineData("""{"metadata.absent":{"$eq":"pro"}}""", """{"tier":"pro"}""", "mock-y")]
    public async Task Conditional_MetadataOperator_ChoosesThenOrDefault(string query, string metadata, string expectedProvider)
    {
        var (response, _) = await SendAsync(XIfElseY(query), Body("gpt-4o"), headers: ("x-portkey-metadata", metadata));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expectedProvider, Header(response, "x-portkey-provider"));
        Assert.Equal(expectedProvider == "mock-x" ? "config.targets[0]" : "config.targets[1]", Header(response, "x-portkey-last-used-option-index"));
    }

    [Fact]
    public async Task Conditional_ReadsTheKeysDefaultMetadata_AndTheHeaderOverridesIt()
    {
        // The completion key's defaults hold team=core, env=dev.
        var config = XIfElseY("""{"$and":[{"metadata.team":"core"},{"metadata.env":{"$in":["dev","test"]}}]}""");

        var (fromDefaults, _) = await SendAsync(config);
        Assert.Equal(HttpStatusCode.OK, fromDefaults.StatusCode);
        Assert.Equal("mock-x", Header(fromDefaults, "x-portkey-provider"));

        var (overridden, _) = await SendAsync(config, headers: ("x-portkey-metadata", """{"team":"search"}"""));
        Assert.Equal(HttpStatusCode.OK, overridden.StatusCode);
        Assert.Equal("mock-y", Header(overridden, "x-portkey-provider"));
    }

    [Theory]
    [InlineData("\"temperature\":0.9", "mock-x")]
    [InlineData("\"temperature\":0.7", "mock-x")]
    [InlineData("\"temperature\":0.2", "mock-y")]
    [InlineData("\"max_tokens\":10", "mock-y")]
    public async Task Conditional_ParamsTemperature_ComparesTheBodyNumber(string fields, string expectedProvider)
    {
        var (response, _) = await SendAsync(XIfElseY("""{"params.temperature":{"$gte":0.7}}"""), BodyWith("gpt-4o", fields));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expectedProvider, Header(response, "x-portkey-provider"));
    }

    [Theory]
    [InlineData("gpt-4o-mini", "mock-x")]
    [InlineData("gpt-4o", "mock-x")]
    [InlineData("o3-mini", "mock-y")]
    public async Task Conditional_ParamsModel_RoutesByTheClientsModel(string model, string expectedProvider)
    {
        var (response, _) = await SendAsync(XIfElseY("""{"params.model":{"$regex":"^gpt-4o"}}"""), Body(model));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expectedProvider, Header(response, "x-portkey-provider"));
    }

    [Fact]
    public async Task Conditional_ParamsNestedField_ReadsTheDottedPath()
    {
        var config = XIfElseY("""{"params.response_format.type":"json_object"}""");

        var (json, _) = await SendAsync(config, BodyWith("gpt-4o", "\"response_format\":{\"type\":\"json_object\"}"));
        Assert.Equal("mock-x", Header(json, "x-portkey-provider"));

        var (text, _) = await SendAsync(config, BodyWith("gpt-4o", "\"response_format\":{\"type\":\"text\"}"));
        Assert.Equal("mock-y", Header(text, "x-portkey-provider"));
    }

    [Fact]
    public async Task Conditional_UrlPathname_SendsEmbeddingsAndChatToDifferentTargets()
    {
        const string config = """
            {"strategy":{"mode":"conditional","conditions":[{"query":{"url.pathname":{"$eq":"/v1/embeddings"}},"then":"embed"}],"default":"chat"},
             "targets":[{"name":"embed","provider":"@primary"},{"name":"chat","provider":"@secondary"}]}
            """;
        var client = await ReadyClientAsync();
        using var embedding = await client.SendAsync(
            Post("/v1/embeddings", """{"model":"text-embedding-3-small","input":"hello"}""", TestSnapshot.CompletionKey, ("x-portkey-config", config)), Ct);

        Assert.Equal(HttpStatusCode.OK, embedding.StatusCode);
        Assert.Equal("primary", Header(embedding, "x-portkey-provider"));
        Assert.Equal("config.targets[0]", Header(embedding, "x-portkey-last-used-option-index"));
        Assert.Equal("/v1/embeddings", Assert.Single(Primary.Requests).Path);

        var (chat, _) = await SendAsync(config);
        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        Assert.Equal("from secondary", await ContentAsync(chat));
        Assert.Equal("config.targets[1]", Header(chat, "x-portkey-last-used-option-index"));
        Assert.Single(Primary.Requests);
        Assert.Equal("/v1/chat/completions", Assert.Single(Secondary.Requests).Path);
    }

    [Theory]
    [InlineData("x", "y", "mock-x")]
    [InlineData("y", "x", "mock-y")]
    public async Task Conditional_SeveralConditionsMatch_TheFirstWins(string firstThen, string secondThen, string expectedProvider)
    {
        var (response, _) = await SendAsync($$"""
            {"strategy":{"mode":"conditional","conditions":[
               {"query":{"metadata.tier":"pro"},"then":"{{firstThen}}"},
               {"query":{"metadata.region":"eu"},"then":"{{secondThen}}"}]},
             "targets":[{"name":"x","provider":"@mock-x"},{"name":"y","provider":"@mock-y"}]}
            """, headers: ("x-portkey-metadata", """{"tier":"pro","region":"eu"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expectedProvider, Header(response, "x-portkey-provider"));
    }

    [Fact]
    public async Task Conditional_NoMatchAndNoDefault_Is400NoConditionMatched_AndCallsNoUpstream()
    {
        var (response, traceId) = await SendAsync("""
            {"strategy":{"mode":"conditional","conditions":[{"query":{"metadata.tier":"pro"},"then":"p"}]},
             "targets":[{"name":"p","provider":"@primary"},{"name":"s","provider":"@secondary"}]}
            """, headers: ("x-portkey-metadata", """{"tier":"free"}"""));

        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("no_condition_matched", error.GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Empty(Primary.Requests);
        Assert.Empty(Secondary.Requests);
        var usage = await WaitForUsageEventAsync(traceId);
        Assert.Equal(400, usage.Status);
    }

    [Fact]
    public async Task Conditional_ThenNamesANestedFallback_WhichFallsBackAndReportsTheFullPath()
    {
        Primary.EnqueueFault(FakeFault.Status(500, "boom", "server_error"));
        var (response, traceId) = await SendAsync("""
            {"strategy":{"mode":"conditional","conditions":[{"query":{"metadata.tier":"pro"},"then":"resilient"}],"default":"cheap"},
             "targets":[
               {"name":"cheap","provider":"@mock-x"},
               {"name":"resilient","strategy":{"mode":"fallback"},"targets":[{"provider":"@primary"},{"provider":"@secondary"}]}]}
            """, headers: ("x-portkey-metadata", """{"tier":"pro"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("from secondary", await ContentAsync(response));
        Assert.Equal("config.targets[1].targets[1]", Header(response, "x-portkey-last-used-option-index"));
        Assert.Equal("secondary", Header(response, "x-portkey-provider"));
        var usage = await WaitForUsageEventAsync(traceId);
        Assert.Equal(["config.targets[1].targets[0]", "config.targets[1].targets[1]"], usage.Attempts.Select(a => a.OptionIndex));
        Assert.Equal("config.targets[1].targets[1]", usage.LastUsedOptionIndex);
    }

    [Fact]
    public async Task Conditional_ThenNamingNoTarget_Is400NamingThePath()
    {
        var (response, _) = await SendAsync("""
            {"strategy":{"mode":"conditional","conditions":[{"query":{"metadata.tier":"pro"},"then":"nope"}],"default":"missing"},
             "targets":[{"name":"x","provider":"@mock-x"}]}
            """);

        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains("strategy.conditions[0].then", message);
        Assert.Contains("strategy.default", message);
        Assert.Equal("invalid_config", error.GetProperty("code").GetString());
    }
}
