using ControlPlane.AdminConsole.Pages.Logs;

namespace ControlPlane.Tests.AdminConsole.Logs;

public sealed class LogBodyTextTests
{
    [Fact]
    public void Pretty_IndentsJson_AndKeepsMarkupAsTheCharactersSent()
    {
        // As a .NET client sends it: "<" escaped as \u003C.
        const string body = """{"messages":[{"role":"user","content":"\u003Cscript\u003Ealert(1)\u003C/script\u003E \"q\""}]}""";

        var pretty = LogBodyText.Pretty(body);

        Assert.Contains("<script>alert(1)</script> \\\"q\\\"", pretty, StringComparison.Ordinal);
        Assert.Contains("\n", pretty, StringComparison.Ordinal);
        Assert.Contains("\"role\": \"user\"", pretty, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("data: {\"id\":1}\n\ndata: [DONE]\n\n")]
    [InlineData("{\"model\":\"gpt-4o\",\"messages\":[{\"content\":\"abc…[truncated 120 bytes]")]
    [InlineData("plain text")]
    public void Pretty_LeavesTextThatIsNotOneJsonValueUnchanged(string body)
    {
        Assert.Equal(body, LogBodyText.Pretty(body));
    }
}
