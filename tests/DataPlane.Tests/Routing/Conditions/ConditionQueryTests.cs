using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Contracts.Configs;
using DataPlane.Routing.Conditions;

namespace DataPlane.Tests.Routing.Conditions;

public sealed class ConditionQueryTests
{
    private const string Chat = "/v1/chat/completions";

    /// <param name="metadata"><c>k=v|k2=v2</c>; empty for none.</param>
    private static bool Matches(string query, string metadata = "", string body = "", string pathname = Chat)
    {
        ConditionQuery compiled;
        using (var document = JsonDocument.Parse(query))
        {
            compiled = ConditionQuery.Compile(document.RootElement);
        }

        // The document is gone: the compiled query must hold its own copies of every operand.
        using var input = new ConditionInput(ParseMetadata(metadata), Encoding.UTF8.GetBytes(body), pathname);
        return compiled.Matches(input);
    }

    private static Dictionary<string, string> ParseMetadata(string metadata)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in metadata.Split('|', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            result[pair[..equals]] = pair[(equals + 1)..];
        }

        return result;
    }

    [Theory]
    [InlineData("""{ "metadata.tier": "pro" }""", "tier=pro", "", true)]
    [InlineData("""{ "metadata.tier": "pro" }""", "tier=free", "", false)]
    [InlineData("""{ "metadata.tier": "pro" }""", "tier=Pro", "", false)]
    [InlineData("""{ "metadata.tier": "pro" }""", "", "", false)]
    [InlineData("""{ "metadata.tier": { "$eq": "pro" } }""", "tier=pro", "", true)]
    [InlineData("""{ "metadata.tier": { "$eq": "pro" } }""", "team=pro", "", false)]
    [InlineData("""{ "metadata.team.name": "search" }""", "team.name=search", "", true)]
    [InlineData("""{ "metadata.n": 10 }""", "n=10", "", true)]
    [InlineData("""{ "metadata.n": 10 }""", "n=10.0", "", true)]
    [InlineData("""{ "metadata.n": 10 }""", "n=1e1", "", true)]
    [InlineData("""{ "metadata.n": 10 }""", "n=11", "", false)]
    [InlineData("""{ "metadata.n": 10 }""", "n=ten", "", false)]
    [InlineData("""{ "metadata.n": 1.5 }""", "n=1,5", "", false)]
    [InlineData("""{ "metadata.beta": true }""", "beta=true", "", true)]
    [InlineData("""{ "metadata.beta": true }""", "beta=True", "", true)]
    [InlineData("""{ "metadata.beta": true }""", "beta=yes", "", false)]
    [InlineData("""{ "metadata.beta": false }""", "beta=true", "", false)]
    [InlineData("""{ "metadata.beta": null }""", "beta=null", "", false)]
    [InlineData("""{ "params.model": "gpt-4o" }""", "", """{ "model": "gpt-4o" }""", true)]
    [InlineData("""{ "params.model": "gpt-4o" }""", "", """{ "model": "gpt-4o-mini" }""", false)]
    [InlineData("""{ "params.model": "gpt-4o" }""", "", """{ "messages": [] }""", false)]
    [InlineData("""{ "params.stream": true }""", "", """{ "stream": true }""", true)]
    [InlineData("""{ "params.stream": true }""", "", """{ "stream": false }""", false)]
    [InlineData("""{ "params.stream": true }""", "", """{ }""", false)]
    [InlineData("""{ "params.max_tokens": 100 }""", "", """{ "max_tokens": 100 }""", true)]
    [InlineData("""{ "params.max_tokens": 100 }""", "", """{ "max_tokens": 100.0 }""", true)]
    [InlineData("""{ "params.max_tokens": 100 }""", "", """{ "max_tokens": "100" }""", true)]
    [InlineData("""{ "params.n": "1" }""", "", """{ "n": 1 }""", false)]
    [InlineData("""{ "params.user": null }""", "", """{ "user": null }""", true)]
    [InlineData("""{ "params.user": null }""", "", """{ "user": "u1" }""", false)]
    [InlineData("""{ "params.user": null }""", "", """{ }""", false)]
    [InlineData("""{ "params.messages": "x" }""", "", """{ "messages": [ "x" ] }""", false)]
    public void Eq_ImplicitOrExplicit_ComparesByTheOperandsKind(string query, string metadata, string body, bool expected) =>
        Assert.Equal(expected, Matches(query, metadata, body));

    [Theory]
    [InlineData("""{ "metadata.tier": { "$ne": "pro" } }""", "tier=free", "", true)]
    [InlineData("""{ "metadata.tier": { "$ne": "pro" } }""", "tier=pro", "", false)]
    [InlineData("""{ "metadata.tier": { "$ne": "pro" } }""", "", "", true)]
    [InlineData("""{ "metadata.n": { "$ne": 3 } }""", "n=3.0", "", false)]
    [InlineData("""{ "metadata.n": { "$ne": 3 } }""", "n=three", "", true)]
    [InlineData("""{ "params.stream": { "$ne": true } }""", "", """{ "stream": true }""", false)]
    [InlineData("""{ "params.stream": { "$ne": true } }""", "", """{ "stream": false }""", true)]
    [InlineData("""{ "params.stream": { "$ne": true } }""", "", """{ }""", true)]
    [InlineData("""{ "params.messages": { "$ne": "x" } }""", "", """{ "messages": [ "x" ] }""", true)]
    public void Ne_MatchesAnythingButTheValue_IncludingMissing(string query, string metadata, string body, bool expected) =>
        Assert.Equal(expected, Matches(query, metadata, body));

    [Theory]
    [InlineData("""{ "metadata.n": { "$gt": 5 } }""", "n=10", "", true)]
    [InlineData("""{ "metadata.n": { "$gt": 5 } }""", "n=5", "", false)]
    [InlineData("""{ "metadata.n": { "$gt": 5 } }""", "n=abc", "", false)]
    [InlineData("""{ "metadata.n": { "$gt": 5 } }""", "", "", false)]
    [InlineData("""{ "metadata.n": { "$gte": 5 } }""", "n=5", "", true)]
    [InlineData("""{ "metadata.n": { "$gte": 5 } }""", "n=4.99", "", false)]
    [InlineData("""{ "metadata.n": { "$lt": 5 } }""", "n=4", "", true)]
    [InlineData("""{ "metadata.n": { "$lt": 5 } }""", "n=5", "", false)]
    [InlineData("""{ "metadata.n": { "$lt": 5 } }""", "n=abc", "", false)]
    [InlineData("""{ "metadata.n": { "$lt": 5 } }""", "n=NaN", "", false)]
    [InlineData("""{ "metadata.n": { "$lt": 0 } }""", "n=-2.5", "", true)]
    [InlineData("""{ "metadata.n": { "$lte": 5 } }""", "n=5", "", true)]
    [InlineData("""{ "metadata.n": { "$lte": 5 } }""", "n=6", "", false)]
    [InlineData("""{ "params.max_tokens": { "$gt": 1000 } }""", "", """{ "max_tokens": 4096 }""", true)]
    [InlineData("""{ "params.max_tokens": { "$gt": 1000 } }""", "", """{ "max_tokens": 512 }""", false)]
    [InlineData("""{ "params.max_tokens": { "$gt": 1000 } }""", "", """{ "max_tokens": "4096" }""", true)]
    [InlineData("""{ "params.max_tokens": { "$gt": 1000 } }""", "", """{ "max_tokens": true }""", false)]
    [InlineData("""{ "params.max_tokens": { "$gt": 1000 } }""", "", """{ }""", false)]
    [InlineData("""{ "params.temperature": { "$lt": 0.5 } }""", "", """{ "temperature": 0.2 }""", true)]
    [InlineData("""{ "params.max_tokens": { "$gte": 100, "$lte": 4000 } }""", "", """{ "max_tokens": 100 }""", true)]
    [InlineData("""{ "params.max_tokens": { "$gte": 100, "$lte": 4000 } }""", "", """{ "max_tokens": 4001 }""", false)]
    public void Comparisons_WithNumbers_CompareNumerically(string query, string metadata, string body, bool expected) =>
        Assert.Equal(expected, Matches(query, metadata, body));

    [Theory]
    [InlineData("""{ "metadata.version": { "$gte": "2024-01" } }""", "version=2024-06", "", true)]
    [InlineData("""{ "metadata.version": { "$lt": "2024-01" } }""", "version=2024-06", "", false)]
    [InlineData("""{ "metadata.version": { "$gt": "2024-06" } }""", "version=2024-06", "", false)]
    [InlineData("""{ "metadata.version": { "$lte": "2024-06" } }""", "version=2024-06", "", true)]
    [InlineData("""{ "metadata.name": { "$lt": "a" } }""", "name=B", "", true)] // ordinal: 'B' (66) < 'a' (97), unlike culture order
    [InlineData("""{ "metadata.n": { "$gt": "10" } }""", "n=9", "", true)] // a string operand compares as text, "9" > "10"
    [InlineData("""{ "params.n": { "$gt": "1" } }""", "", """{ "n": 5 }""", false)]
    [InlineData("""{ "metadata.version": { "$gte": "a" } }""", "", "", false)]
    public void Comparisons_WithStrings_CompareOrdinally(string query, string metadata, string body, bool expected) =>
        Assert.Equal(expected, Matches(query, metadata, body));

    [Theory]
    [InlineData("""{ "metadata.region": { "$in": [ "eu", "uk" ] } }""", "region=eu", "", true)]
    [InlineData("""{ "metadata.region": { "$in": [ "eu", "uk" ] } }""", "region=us", "", false)]
    [InlineData("""{ "metadata.region": { "$in": [ "eu", "uk" ] } }""", "", "", false)]
    [InlineData("""{ "metadata.region": { "$in": [] } }""", "region=eu", "", false)]
    [InlineData("""{ "metadata.n": { "$in": [ 1, 2, 3 ] } }""", "n=3", "", true)]
    [InlineData("""{ "params.n": { "$in": [ "2" ] } }""", "", """{ "n": 2 }""", false)]
    [InlineData("""{ "params.n": { "$in": [ 1, 2 ] } }""", "", """{ "n": 2 }""", true)]
    [InlineData("""{ "params.user": { "$in": [ null, "admin" ] } }""", "", """{ "user": null }""", true)]
    [InlineData("""{ "params.stream": { "$in": [ true ] } }""", "", """{ "stream": true }""", true)]
    [InlineData("""{ "metadata.region": { "$nin": [ "eu", "uk" ] } }""", "region=us", "", true)]
    [InlineData("""{ "metadata.region": { "$nin": [ "eu", "uk" ] } }""", "region=eu", "", false)]
    [InlineData("""{ "metadata.region": { "$nin": [ "eu", "uk" ] } }""", "", "", true)]
    [InlineData("""{ "params.model": { "$nin": [ "gpt-4o" ] } }""", "", """{ }""", true)]
    [InlineData("""{ "params.model": { "$nin": [ "gpt-4o" ] } }""", "", """{ "model": "gpt-4o" }""", false)]
    public void In_MatchesAListedValue_Nin_MatchesNoneOrMissing(string query, string metadata, string body, bool expected) =>
        Assert.Equal(expected, Matches(query, metadata, body));

    [Theory]
    [InlineData("""{ "params.model": { "$regex": "^gpt-4o" } }""", "", """{ "model": "gpt-4o-mini" }""", true)]
    [InlineData("""{ "params.model": { "$regex": "^gpt-4o" } }""", "", """{ "model": "claude-3-5" }""", false)]
    [InlineData("""{ "params.model": { "$regex": "^gpt-4o" } }""", "", """{ "model": "GPT-4o" }""", false)]
    [InlineData("""{ "params.model": { "$regex": "(?i)^gpt-4o" } }""", "", """{ "model": "GPT-4o" }""", true)]
    [InlineData("""{ "params.model": { "$regex": "^gpt" } }""", "", """{ }""", false)]
    [InlineData("""{ "params.max_tokens": { "$regex": "^1" } }""", "", """{ "max_tokens": 100 }""", false)]
    [InlineData("""{ "metadata.email": { "$regex": "@corp\\.com$" } }""", "email=ada@corp.com", "", true)]
    [InlineData("""{ "metadata.email": { "$regex": "@corp\\.com$" } }""", "email=ada@corpXcom", "", false)]
    [InlineData("""{ "metadata.email": { "$regex": "corp" } }""", "", "", false)]
    [InlineData("""{ "url.pathname": { "$regex": "embeddings$" } }""", "", "", false)]
    public void Regex_MatchesStringValuesOnly(string query, string metadata, string body, bool expected) =>
        Assert.Equal(expected, Matches(query, metadata, body));

    [Theory]
    [InlineData("/v1/chat/completions", true)]
    [InlineData("/v1/embeddings", false)]
    public void Pathname_IsTheRequestPath(string pathname, bool expected)
    {
        Assert.Equal(expected, Matches("""{ "url.pathname": "/v1/chat/completions" }""", pathname: pathname));
        Assert.Equal(!expected, Matches("""{ "url.pathname": { "$regex": "/embeddings$" } }""", pathname: pathname));
    }

    [Theory]
    [InlineData("""{ "response_format": { "type": "json_schema" } }""", true)]
    [InlineData("""{ "response_format": { "type": "text" } }""", false)]
    [InlineData("""{ "response_format": "json_schema" }""", false)]
    [InlineData("""{ "response_format": { "json_schema": { "type": "json_schema" } } }""", false)]
    [InlineData("""{ }""", false)]
    public void Params_DottedPath_GoesIntoObjects(string body, bool expected)
    {
        Assert.Equal(expected, Matches("""{ "params.response_format.type": "json_schema" }""", body: body));
        Assert.Equal(!expected, Matches("""{ "params.response_format.type": { "$ne": "json_schema" } }""", body: body));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""[ { "stream": true } ]""")]
    [InlineData("\"stream\"")]
    public void Params_WhenBodyIsNotAJsonObject_AreMissing(string body)
    {
        Assert.False(Matches("""{ "params.stream": true }""", body: body));
        Assert.True(Matches("""{ "params.stream": { "$ne": true } }""", body: body));
        Assert.True(Matches("""{ "params.stream": { "$nin": [ true ] } }""", body: body));
        Assert.True(Matches("""{ "metadata.tier": "pro" }""", "tier=pro", body));
    }

    private const string Pro = "tier=pro";
    private const string Stream = """{ "stream": true, "model": "gpt-4o" }""";
    private const string NoStream = """{ "stream": false, "model": "gpt-4o" }""";

    [Theory]
    // several fields in one object are AND-ed
    [InlineData("""{ "metadata.tier": "pro", "params.stream": true }""", Pro, Stream, true)]
    [InlineData("""{ "metadata.tier": "pro", "params.stream": true }""", Pro, NoStream, false)]
    [InlineData("""{ "metadata.tier": "pro", "params.stream": true }""", "tier=free", Stream, false)]
    // several operators on one field are AND-ed
    [InlineData("""{ "params.model": { "$regex": "^gpt", "$ne": "gpt-4o" } }""", "", Stream, false)]
    [InlineData("""{ "params.model": { "$regex": "^gpt", "$ne": "gpt-4" } }""", "", Stream, true)]
    [InlineData("""{ "$and": [ { "metadata.tier": "pro" }, { "params.stream": true } ] }""", Pro, Stream, true)]
    [InlineData("""{ "$and": [ { "metadata.tier": "pro" }, { "params.stream": true } ] }""", Pro, NoStream, false)]
    [InlineData("""{ "$or": [ { "metadata.tier": "pro" }, { "params.stream": true } ] }""", "", Stream, true)]
    [InlineData("""{ "$or": [ { "metadata.tier": "pro" }, { "params.stream": true } ] }""", Pro, NoStream, true)]
    [InlineData("""{ "$or": [ { "metadata.tier": "pro" }, { "params.stream": true } ] }""", "", NoStream, false)]
    [InlineData("""{ "$or": [ { "metadata.tier": "pro" } ] }""", Pro, "", true)]
    // nesting to depth
    [InlineData("""{ "$and": [ { "$or": [ { "metadata.tier": "pro" }, { "metadata.tier": "team" } ] }, { "$or": [ { "params.stream": true }, { "url.pathname": "/v1/embeddings" } ] } ] }""", "tier=team", Stream, true)]
    [InlineData("""{ "$and": [ { "$or": [ { "metadata.tier": "pro" }, { "metadata.tier": "team" } ] }, { "$or": [ { "params.stream": true }, { "url.pathname": "/v1/embeddings" } ] } ] }""", "tier=team", NoStream, false)]
    [InlineData("""{ "$or": [ { "$and": [ { "metadata.a": "1" }, { "$or": [ { "metadata.b": "2" }, { "$and": [ { "metadata.c": "3" }, { "metadata.d": { "$in": [ "4" ] } } ] } ] } ] }, { "metadata.z": "26" } ] }""", "a=1|c=3|d=4", "", true)]
    [InlineData("""{ "$or": [ { "$and": [ { "metadata.a": "1" }, { "$or": [ { "metadata.b": "2" }, { "$and": [ { "metadata.c": "3" }, { "metadata.d": { "$in": [ "4" ] } } ] } ] } ] }, { "metadata.z": "26" } ] }""", "a=1|c=3|d=5", "", false)]
    [InlineData("""{ "$or": [ { "$and": [ { "metadata.a": "1" }, { "$or": [ { "metadata.b": "2" }, { "$and": [ { "metadata.c": "3" }, { "metadata.d": { "$in": [ "4" ] } } ] } ] } ] }, { "metadata.z": "26" } ] }""", "z=26", "", true)]
    // $or beside a field in one object: both must hold
    [InlineData("""{ "metadata.tier": "pro", "$or": [ { "params.stream": true }, { "params.model": "gpt-4" } ] }""", Pro, Stream, true)]
    [InlineData("""{ "metadata.tier": "pro", "$or": [ { "params.stream": true }, { "params.model": "gpt-4" } ] }""", Pro, NoStream, false)]
    public void AndOr_Nest(string query, string metadata, string body, bool expected) =>
        Assert.Equal(expected, Matches(query, metadata, body));

    [Fact]
    public void Regex_ThatTimesOut_IsNoMatch()
    {
        // Exponential backtracking: (a|aa)+ splits the run of a's every possible way before failing on the final '!'.
        const string pattern = "^(a|aa)+$";
        var input = new string('a', 60) + "!";
        Assert.Throws<RegexMatchTimeoutException>(() => ConditionSyntax.CreateRegex(pattern).IsMatch(input));

        var watch = Stopwatch.StartNew();
        Assert.False(Matches($$"""{ "metadata.s": { "$regex": "{{pattern}}" } }""", "s=" + input));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Compile_Once_MatchesManyRequestsConcurrently()
    {
        using var document = JsonDocument.Parse("""{ "$or": [ { "metadata.tier": "pro" }, { "params.max_tokens": { "$gt": 1000 } } ] }""");
        var query = ConditionQuery.Compile(document.RootElement);
        var failures = 0;
        Parallel.For(0, 2000, i =>
        {
            var pro = i % 3 == 0;
            var big = i % 5 == 0;
            using var input = new ConditionInput(
                new Dictionary<string, string> { ["tier"] = pro ? "pro" : "free" },
                Encoding.UTF8.GetBytes($$"""{ "max_tokens": {{(big ? 4096 : 10)}} }"""),
                Chat);
            if (query.Matches(input) != (pro || big))
            {
                Interlocked.Increment(ref failures);
            }
        });
        Assert.Equal(0, failures);
    }

    [Fact]
    public void Input_ParsesTheBodyOnce_AndKeepsAnswering()
    {
        using var document = JsonDocument.Parse("""{ "params.a": 1, "params.b.c": "x", "$or": [ { "params.d": { "$in": [ true ] } } ] }""");
        var query = ConditionQuery.Compile(document.RootElement);
        using var input = new ConditionInput(new Dictionary<string, string>(), """{ "a": 1, "b": { "c": "x" }, "d": true }"""u8.ToArray(), Chat);
        Assert.True(input.TryGetParams(out var first));
        Assert.True(input.TryGetParams(out var second));
        Assert.Equal(first.GetRawText(), second.GetRawText());
        for (var i = 0; i < 3; i++)
        {
            Assert.True(query.Matches(input));
        }
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""[]""")]
    [InlineData("""{ "tier": "pro" }""")]
    [InlineData("""{ "metadata.": "pro" }""")]
    [InlineData("""{ "params.a..b": 1 }""")]
    [InlineData("""{ "metadata.tier": { "$foo": 1 } }""")]
    [InlineData("""{ "metadata.tier": {} }""")]
    [InlineData("""{ "metadata.tier": { "$in": "pro" } }""")]
    [InlineData("""{ "metadata.tier": { "$gt": true } }""")]
    [InlineData("""{ "metadata.tier": { "$regex": "(" } }""")]
    [InlineData("""{ "$and": [] }""")]
    [InlineData("""{ "$or": [ 1 ] }""")]
    public void Compile_InvalidQuery_Throws(string query)
    {
        using var document = JsonDocument.Parse(query);
        Assert.ThrowsAny<ArgumentException>(() => ConditionQuery.Compile(document.RootElement));
    }
}
