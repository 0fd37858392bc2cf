using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Contracts.Snapshots;
using DataPlane.Inference;
using DataPlane.Providers;
using DataPlane.Providers.Anthropic;
using DataPlane.Providers.OpenAiFormat;
using DataPlane.Providers.Sse;
using DataPlane.Providers.Tokens;
using DataPlane.Snapshots;

namespace DataPlane.Tests.Providers.Anthropic;

/// <summary>Anthropic answers, usage, stop reasons, errors and stream events → OpenAI's shapes, on payloads from Anthropic's API reference.</summary>
public sealed class AnthropicResponseTests
{
    private static readonly RuntimeProvider Provider = new(new ProviderEntry { Id = Guid.NewGuid(), Slug = "claude", Name = "claude", AiProvider = "anthropic" }, "sk-ant-0123456789");
    private static readonly TokenCounter Tokens = new();

    // docs.anthropic.com/en/api/messages — a tool_use answer.
    private const string ToolUseMessage = """
        {"id":"msg_01Aq9w938a90dw8q","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
         "content":[{"type":"text","text":"I'll check "},{"type":"thinking","thinking":"hidden","signature":"x"},{"type":"text","text":"the weather."},
                    {"type":"tool_use","id":"toolu_01A09q90qw90lq917835lq9","name":"get_weather","input":{"location":"San Francisco, CA","unit":"celsius"}}],
         "stop_reason":"tool_use","stop_sequence":null,
         "usage":{"input_tokens":472,"cache_creation_input_tokens":10,"cache_read_input_tokens":100,"output_tokens":89}}
        """;

    [Fact]
    public void Message_TextBlocksConcatenate_ToolUseBecomesToolCall_ThinkingIsSkipped()
    {
        Assert.True(AnthropicResponseReader.TryRead(Encoding.UTF8.GetBytes(ToolUseMessage), out var id, out var message, out var stopReason, out var usage, out _));

        Assert.Equal("msg_01Aq9w938a90dw8q", id);
        Assert.Equal("I'll check the weather.", message.Content);
        var call = Assert.Single(message.ToolCalls);
        Assert.Equal(("toolu_01A09q90qw90lq917835lq9", "get_weather"), (call.Id, call.Name));
        Assert.Equal("""{"location":"San Francisco, CA","unit":"celsius"}""", call.ArgumentsJson);
        Assert.Equal("tool_use", stopReason);
        Assert.Equal(new ReportedUsage(472 + 10 + 100, 89, 100), usage);
    }

    [Theory]
    [InlineData("[]", "not a JSON object")]
    [InlineData("""{"id":"msg_1","type":"message"}""", "no 'content' array")]
    [InlineData("""{"id":"msg_1","content":[{"type":"text","text":"cut""", "not valid JSON")]
    public void Message_Malformed_SaysWhy(string body, string why)
    {
        Assert.False(AnthropicResponseReader.TryRead(Encoding.UTF8.GetBytes(body), out _, out _, out _, out _, out var reason));
        Assert.Contains(why, reason);
    }

    [Fact]
    public void Message_OnlyToolUse_HasNullContent_AndTheWriterSaysSo()
    {
        const string body = """{"id":"msg_1","content":[{"type":"tool_use","id":"toolu_1","name":"f","input":{}}],"stop_reason":"tool_use","usage":{"input_tokens":5,"output_tokens":3}}""";
        Assert.True(AnthropicResponseReader.TryRead(Encoding.UTF8.GetBytes(body), out _, out var message, out _, out _, out _));
        Assert.Null(message.Content);

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            ChatCompletionWriter.WriteCompletion(writer, "chatcmpl-1", 1, "m", message, FinishReasons.ToolCalls, new UsageReport(5, 3, 2, 0, null));
        }

        var root = JsonDocument.Parse(buffer.ToArray()).RootElement;
        var choice = root.GetProperty("choices")[0];
        Assert.Equal(JsonValueKind.Null, choice.GetProperty("message").GetProperty("content").ValueKind);
        Assert.Equal("""[{"id":"toolu_1","type":"function","function":{"name":"f","arguments":"{}"}}]""", choice.GetProperty("message").GetProperty("tool_calls").GetRawText());
        Assert.Equal("tool_calls", choice.GetProperty("finish_reason").GetString());
        Assert.Equal("""{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8,"prompt_tokens_details":{"cached_tokens":2}}""", root.GetProperty("usage").GetRawText());
    }

    [Theory]
    [InlineData("end_turn", "stop")]
    [InlineData("stop_sequence", "stop")]
    [InlineData("pause_turn", "stop")]
    [InlineData(null, "stop")]
    [InlineData("max_tokens", "length")]
    [InlineData("model_context_window_exceeded", "length")]
    [InlineData("tool_use", "tool_calls")]
    [InlineData("refusal", "content_filter")]
    public void StopReasons_MapToFinishReasons(string? stopReason, string finishReason)
    {
        Assert.Equal(finishReason, AnthropicStopReasons.ToFinishReason(stopReason));
    }

    [Theory]
    [InlineData(400, "invalid_request_error", "invalid_request_error", null)]
    [InlineData(401, "authentication_error", "authentication_error", null)]
    [InlineData(403, "permission_error", "permission_error", null)]
    [InlineData(404, "not_found_error", "not_found_error", null)]
    [InlineData(413, "request_too_large", "invalid_request_error", "request_too_large")]
    [InlineData(429, "rate_limit_error", "rate_limit_error", null)]
    [InlineData(500, "api_error", "server_error", "api_error")]
    [InlineData(529, "overloaded_error", "server_error", "overloaded_error")]
    public void Errors_MapToOpenAiTypes_KeepingStatusAndProvider(int status, string anthropicType, string openAiType, string? code)
    {
        var body = $$"""{"type":"error","error":{"type":"{{anthropicType}}","message":"m"},"request_id":"req_1"}""";
        var error = AnthropicErrors.FromBody(status, Encoding.UTF8.GetBytes(body), Provider, retryAfter: null);

        Assert.Equal((status, openAiType, code, "m", "claude"), (error.Status, error.Type, error.Code, error.Message, error.Provider));
    }

    /// <summary>The event sequence of docs.anthropic.com/en/docs/build-with-claude/streaming ("Streaming request with tool use"), abridged.</summary>
    private static readonly string[] ToolStream =
    [
        """event: message_start""" + "\n" + """data: {"type":"message_start","message":{"id":"msg_014p7gG3wDgGV9EUtLvnow3U","type":"message","role":"assistant","model":"claude-sonnet-4-5","stop_sequence":null,"usage":{"input_tokens":472,"output_tokens":2},"content":[],"stop_reason":null}}""",
        """event: content_block_start""" + "\n" + """data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""",
        """event: ping""" + "\n" + """data: {"type": "ping"}""",
        """event: content_block_delta""" + "\n" + """data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Okay, let\u0027s check"}}""",
        """event: content_block_delta""" + "\n" + """data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" the weather:"}}""",
        """event: content_block_stop""" + "\n" + """data: {"type":"content_block_stop","index":0}""",
        """event: content_block_start""" + "\n" + """data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather","input":{}}}""",
        """event: content_block_delta""" + "\n" + """data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}""",
        """event: content_block_delta""" + "\n" + """data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"location\":"}}""",
        """event: content_block_delta""" + "\n" + """data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":" \"San Francisco, CA\"}"}}""",
        """event: content_block_stop""" + "\n" + """data: {"type":"content_block_stop","index":1}""",
        """event: message_delta""" + "\n" + """data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}""",
        """event: message_stop""" + "\n" + """data: {"type":"message_stop"}""",
    ];

    [Fact]
    public async Task Stream_DocumentedToolUseSequence_BecomesOpenAiChunks()
    {
        var (handler, output) = await RunAsync(ToolStream, includeUsage: true);

        Assert.True(handler.Completed);
        Assert.Null(handler.ErrorType);
        Assert.Equal("[DONE]", output[^1]);
        var chunks = output[..^1].Select(e => JsonDocument.Parse(e).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("chatcmpl-msg_014p7gG3wDgGV9EUtLvnow3U", c.GetProperty("id").GetString()));
        var deltas = chunks.Where(c => c.GetProperty("choices").GetArrayLength() == 1).Select(c => c.GetProperty("choices")[0]).ToList();
        Assert.Equal("""{"role":"assistant","content":""}""", deltas[0].GetProperty("delta").GetRawText());
        Assert.Equal("Okay, let's check", deltas[1].GetProperty("delta").GetProperty("content").GetString());
        Assert.Equal(" the weather:", deltas[2].GetProperty("delta").GetProperty("content").GetString());
        Assert.Single(deltas[2].GetProperty("delta").EnumerateObject());
        Assert.Equal(
            """{"tool_calls":[{"index":0,"id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","type":"function","function":{"name":"get_weather","arguments":""}}]}""",
            deltas[3].GetProperty("delta").GetRawText());
        var later = deltas[4].GetProperty("delta").GetProperty("tool_calls")[0];
        Assert.Equal(["index", "function"], later.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("{\"location\":", later.GetProperty("function").GetProperty("arguments").GetString());
        Assert.Single(later.GetProperty("function").EnumerateObject());
        Assert.Equal("""{"location": "San Francisco, CA"}""", string.Concat(deltas.Skip(3).Take(3)
            .Select(d => d.GetProperty("delta").GetProperty("tool_calls")[0].GetProperty("function").GetProperty("arguments").GetString())));
        Assert.Equal("tool_calls", deltas[^1].GetProperty("finish_reason").GetString());
        Assert.Equal("{}", deltas[^1].GetProperty("delta").GetRawText());
        var usage = chunks[^1].GetProperty("usage");
        Assert.Equal((472, 89), (usage.GetProperty("prompt_tokens").GetInt32(), usage.GetProperty("completion_tokens").GetInt32()));
    }

    [Fact]
    public async Task Stream_WithoutEventLines_IsTranslatedFromTheDataType()
    {
        var withoutNames = ToolStream.Select(e => e[(e.IndexOf('\n') + 1)..]).ToArray();
        var (handler, output) = await RunAsync(withoutNames, includeUsage: false);

        Assert.True(handler.Completed);
        Assert.Equal("[DONE]", output[^1]);
        Assert.Equal(8, output.Count); // role, 2 text, 3 tool (the empty partial_json adds nothing), finish, [DONE]
    }

    [Fact]
    public async Task Stream_BrokenBeforeMessageDelta_LeavesCompletionToTheTokenizer()
    {
        var (handler, _) = await RunAsync(ToolStream[..5], includeUsage: false);

        Assert.False(handler.Completed);
        Assert.Equal(472, handler.Usage.PromptTokens);
        Assert.Null(handler.Usage.CompletionTokens); // message_start's output_tokens is a placeholder
    }

    [Fact]
    public async Task Stream_ErrorEvent_BecomesTerminalErrorEvent()
    {
        string[] events =
        [
            ToolStream[0],
            """event: error""" + "\n" + """data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""",
        ];
        var (handler, output) = await RunAsync(events, includeUsage: false);

        Assert.True(handler.Completed);
        Assert.Equal("upstream_error_event", handler.ErrorType);
        Assert.Equal("""{"error":{"message":"Overloaded","type":"server_error","param":null,"code":"overloaded_error"},"provider":"claude"}""", output[^2]);
        Assert.Equal("[DONE]", output[^1]);
    }

    [Fact]
    public async Task Stream_MalformedEvent_IsDropped()
    {
        string[] events = [ToolStream[0], "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"te"];
        var (handler, output) = await RunAsync(events, includeUsage: false);

        Assert.False(handler.Completed);
        Assert.Single(output); // the role chunk only
    }

    private static async Task<(AnthropicStreamHandler Handler, List<string> Output)> RunAsync(string[] events, bool includeUsage)
    {
        var request = new InferenceRequest(InferenceOperation.ChatCompletions, Encoding.UTF8.GetBytes("""{"model":"m","messages":[{"role":"user","content":"x"}]}"""),
            "@claude/claude-sonnet-4-5", Stream: true, IncludeUsage: includeUsage, MessageCount: 1, MaxTokens: null);
        var handler = new AnthropicStreamHandler(request, "claude-sonnet-4-5", Provider, Tokens);
        var pipe = new Pipe();
        foreach (var e in events)
        {
            handler.OnEvent(SseParser.Parse(Encoding.UTF8.GetBytes(e + "\n\n")), pipe.Writer);
        }

        await pipe.Writer.CompleteAsync();
        var text = Encoding.UTF8.GetString((await pipe.Reader.ReadAsync()).Buffer);
        var output = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e["data: ".Length..]).ToList();
        return (handler, output);
    }
}
