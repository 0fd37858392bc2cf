using System.Text;
using System.Text.Json;
using DataPlane.Providers.OpenAi;

namespace DataPlane.Tests.Providers.Unit;

public sealed class OpenAiRequestRewriterTests
{
    private static string? Rewrite(string json, string clientModel, string targetModel, bool addIncludeUsage)
    {
        using var output = OpenAiRequestRewriter.Rewrite(Encoding.UTF8.GetBytes(json), clientModel, targetModel, addIncludeUsage);
        return output is null ? null : Encoding.UTF8.GetString(output.WrittenSpan);
    }

    [Fact]
    public void SameModelAndNoUsageToAdd_ReturnsNull_SoTheClientBytesGoAsTheyAre()
    {
        Assert.Null(Rewrite("""{"model":"gpt-4o","messages":[]}""", "gpt-4o", "gpt-4o", addIncludeUsage: false));
    }

    [Fact]
    public void Model_IsReplaced_AndEveryOtherByteKept()
    {
        const string json = "{ \"temperature\" : 0.2,\n \"model\":\"@oa/gpt-4o\" , \"messages\":[{\"role\":\"user\",\"content\":\"h\\u00e9\"}] }";
        Assert.Equal(json.Replace("\"@oa/gpt-4o\"", "\"gpt-4o\"", StringComparison.Ordinal), Rewrite(json, "@oa/gpt-4o", "gpt-4o", addIncludeUsage: false));
    }

    [Fact]
    public void IncludeUsage_IsAppendedWhenAbsent()
    {
        var result = Rewrite("""{"model":"@p/m","stream":true}""", "@p/m", "m", addIncludeUsage: true);
        Assert.Equal("""{"model":"m","stream":true,"stream_options":{"include_usage":true}}""", result);
    }

    [Fact]
    public void IncludeUsage_IsMergedIntoExistingOptions_BeforeTheModel()
    {
        var result = Rewrite("""{"stream_options":{"include_usage":false,"include_obfuscation":true},"model":"@p/m","stream":true}""", "@p/m", "m", addIncludeUsage: true);
        using var document = JsonDocument.Parse(result!);
        var options = document.RootElement.GetProperty("stream_options");
        Assert.True(options.GetProperty("include_usage").GetBoolean());
        Assert.True(options.GetProperty("include_obfuscation").GetBoolean());
        Assert.Equal("m", document.RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public void NullStreamOptions_BecomeIncludeUsage()
    {
        var result = Rewrite("""{"model":"m","stream_options":null,"stream":true}""", "m", "m", addIncludeUsage: true);
        Assert.Equal("""{"model":"m","stream_options":{"include_usage":true},"stream":true}""", result);
    }

    [Fact]
    public void NonAsciiModel_IsWrittenAsValidJson()
    {
        var result = Rewrite("""{"model":"@p/modèle \"x\""}""", "@p/modèle \"x\"", "modèle \"x\"", addIncludeUsage: false);
        Assert.Equal("modèle \"x\"", JsonDocument.Parse(result!).RootElement.GetProperty("model").GetString());
    }
}
