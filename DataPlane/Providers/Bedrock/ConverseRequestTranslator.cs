using System.Text.Json;
using DataPlane.Errors;
using DataPlane.Providers.Http;

namespace DataPlane.Providers.Bedrock;

/// <summary>
/// An OpenAI chat request → a Converse request body (the model id goes in the URL, not the body). The same body serves
/// every model family on Bedrock (Anthropic, Meta, Mistral, Amazon, Cohere…): Converse is Bedrock's uniform API.
/// <list type="bullet">
/// <item><c>system</c>/<c>developer</c> messages → <c>system: [{text}]</c>;</item>
/// <item><c>user</c> text and images (base64 <c>data:</c> URLs only: Converse takes bytes, not URLs) → <c>{text}</c>,
/// <c>{image:{format,source:{bytes}}}</c>;</item>
/// <item><c>assistant</c> text and <c>tool_calls</c> → <c>{text}</c>, <c>{toolUse:{toolUseId,name,input}}</c>;</item>
/// <item><c>tool</c> messages → a user turn of <c>{toolResult:{toolUseId,content:[{text}]}}</c>; consecutive turns of one
/// role are merged, since Converse wants user and assistant to alternate;</item>
/// <item><c>max_completion_tokens</c>/<c>max_tokens</c>, <c>temperature</c>, <c>top_p</c>, <c>stop</c> → <c>inferenceConfig</c>;</item>
/// <item><c>tools</c> → <c>toolConfig.tools[].toolSpec</c> (<c>inputSchema.json</c> = the parameters), <c>tool_choice</c>
/// <c>auto</c>/<c>required</c>/a named function → <c>auto</c>/<c>any</c>/<c>tool</c>; <c>none</c> leaves tools out
/// (unless the history holds tool calls, which Converse then requires tools for).</item>
/// </list>
/// Fields Converse has no place for (<c>response_format</c>, penalties, <c>seed</c>, <c>user</c>…) are left out; <c>n</c> &gt; 1 is refused.
/// </summary>
internal static class ConverseRequestTranslator
{
    /// <returns>The body (the caller frees it), or null with <paramref name="error"/> (400) for input Converse cannot take.</returns>
    public static PooledBuffer? Translate(ReadOnlySpan<byte> openAiBody, out GatewayError? error)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(openAiBody.ToArray());
        }
        catch (JsonException)
        {
            error = GatewayError.InvalidJson("the body is not valid JSON");
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array
                || messages.GetArrayLength() == 0)
            {
                error = GatewayError.InvalidRequest("'messages' must be a non-empty array.", "messages");
                return null;
            }

            if (root.TryGetProperty("n", out var n) && n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out var count) && count > 1)
            {
                error = GatewayError.InvalidRequest("Bedrock answers one choice per request: 'n' must be 1.", "n");
                return null;
            }

            var turns = new List<ConverseTurn>();
            var system = new List<string>();
            var historyHasTools = false;
            var index = 0;
            foreach (var message in messages.EnumerateArray())
            {
                if (!AddMessage(message, index, turns, system, ref historyHasTools, out error))
                {
                    return null;
                }

                index++;
            }

            if (turns.Count == 0)
            {
                error = GatewayError.InvalidRequest("Bedrock needs at least one user or assistant message.", "messages");
                return null;
            }

            var buffer = new PooledBuffer(openAiBody.Length + 512);
            try
            {
                using (var writer = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
                {
                    writer.WriteStartObject();
                    writer.WritePropertyName("messages");
                    writer.WriteStartArray();
                    foreach (var turn in turns)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("role", turn.Role);
                        writer.WritePropertyName("content");
                        writer.WriteStartArray();
                        foreach (var block in turn.Blocks)
                        {
                            block(writer);
                        }

                        writer.WriteEndArray();
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                    if (system.Count > 0)
                    {
                        writer.WritePropertyName("system");
                        writer.WriteStartArray();
                        foreach (var text in system)
                        {
                            writer.WriteStartObject();
                            writer.WriteString("text", text);
                            writer.WriteEndObject();
                        }

                        writer.WriteEndArray();
                    }

                    WriteInferenceConfig(writer, root);
                    if (!WriteToolConfig(writer, root, historyHasTools, out error))
                    {
                        buffer.Dispose();
                        return null;
                    }

                    writer.WriteEndObject();
                }

                error = null;
                return buffer;
            }
            catch
            {
                buffer.Dispose();
                throw;
            }
        }
    }

    private static bool AddMessage(JsonElement message, int index, List<ConverseTurn> turns, List<string> system, ref bool historyHasTools, out GatewayError? error)
    {
        error = null;
        var role = message.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        message.TryGetProperty("content", out var content);
        switch (role)
        {
            case "system" or "developer":
                var systemText = TextOf(content);
                if (!string.IsNullOrEmpty(systemText))
                {
                    system.Add(systemText);
                }

                return true;
            case "user":
                return AddUserContent(content, index, ConverseTurn.Of(turns, "user"), out error);
            case "assistant":
                var assistant = ConverseTurn.Of(turns, "assistant");
                var text = TextOf(content);
                if (!string.IsNullOrEmpty(text))
                {
                    assistant.Blocks.Add(w => WriteText(w, text));
                }

                if (message.TryGetProperty("tool_calls", out var toolCalls) && toolCalls.ValueKind == JsonValueKind.Array)
                {
                    foreach (var call in toolCalls.EnumerateArray())
                    {
                        var id = StringOf(call, "id");
                        var function = call.TryGetProperty("function", out var f) ? f : default;
                        var name = function.ValueKind == JsonValueKind.Object ? StringOf(function, "name") : null;
                        if (id is null || name is null)
                        {
                            error = GatewayError.InvalidRequest($"messages[{index}].tool_calls needs an 'id' and a 'function.name'.", "messages");
                            return false;
                        }

                        var arguments = StringOf(function, "arguments");
                        var input = ParseArguments(arguments);
                        if (input is null)
                        {
                            error = GatewayError.InvalidRequest($"messages[{index}].tool_calls: the arguments of '{name}' are not a JSON object.", "messages");
                            return false;
                        }

                        historyHasTools = true;
                        assistant.Blocks.Add(w =>
                        {
                            w.WriteStartObject();
                            w.WritePropertyName("toolUse");
                            w.WriteStartObject();
                            w.WriteString("toolUseId", id);
                            w.WriteString("name", name);
                            w.WritePropertyName("input");
                            w.WriteRawValue(input);
                            w.WriteEndObject();
                            w.WriteEndObject();
                        });
                    }
                }

                if (assistant.Blocks.Count == 0)
                {
                    // An empty assistant turn (e.g. content null, no calls): Converse refuses empty content.
                    turns.Remove(assistant);
                }

                return true;
            case "tool":
                var toolUseId = StringOf(message, "tool_call_id");
                if (toolUseId is null)
                {
                    error = GatewayError.InvalidRequest($"messages[{index}] (role tool) needs a 'tool_call_id'.", "messages");
                    return false;
                }

                historyHasTools = true;
                var result = TextOf(content) ?? "";
                ConverseTurn.Of(turns, "user").Blocks.Add(w =>
                {
                    w.WriteStartObject();
                    w.WritePropertyName("toolResult");
                    w.WriteStartObject();
                    w.WriteString("toolUseId", toolUseId);
                    w.WritePropertyName("content");
                    w.WriteStartArray();
                    WriteText(w, result.Length == 0 ? " " : result);
                    w.WriteEndArray();
                    w.WriteEndObject();
                    w.WriteEndObject();
                });
                return true;
            default:
                error = GatewayError.InvalidRequest($"messages[{index}].role must be system, developer, user, assistant or tool.", "messages");
                return false;
        }
    }

    private static bool AddUserContent(JsonElement content, int index, ConverseTurn turn, out GatewayError? error)
    {
        error = null;
        if (content.ValueKind == JsonValueKind.String)
        {
            var text = content.GetString();
            if (!string.IsNullOrEmpty(text))
            {
                turn.Blocks.Add(w => WriteText(w, text));
            }

            return true;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            error = GatewayError.InvalidRequest($"messages[{index}].content must be a string or an array of parts.", "messages");
            return false;
        }

        foreach (var part in content.EnumerateArray())
        {
            var type = StringOf(part, "type");
            if (type == "text")
            {
                var text = StringOf(part, "text");
                if (!string.IsNullOrEmpty(text))
                {
                    turn.Blocks.Add(w => WriteText(w, text));
                }
            }
            else if (type == "image_url")
            {
                var url = part.TryGetProperty("image_url", out var image)
                    ? image.ValueKind == JsonValueKind.String ? image.GetString() : StringOf(image, "url")
                    : null;
                if (!TryDataUrl(url, out var format, out var base64))
                {
                    error = GatewayError.InvalidRequest(
                        $"messages[{index}]: Bedrock takes images as data: URLs (base64 png, jpeg, gif or webp), not links.", "messages");
                    return false;
                }

                turn.Blocks.Add(w =>
                {
                    w.WriteStartObject();
                    w.WritePropertyName("image");
                    w.WriteStartObject();
                    w.WriteString("format", format);
                    w.WritePropertyName("source");
                    w.WriteStartObject();
                    w.WriteString("bytes", base64);
                    w.WriteEndObject();
                    w.WriteEndObject();
                    w.WriteEndObject();
                });
            }
            else
            {
                error = GatewayError.InvalidRequest($"messages[{index}]: content part type '{type}' is not supported by Bedrock.", "messages");
                return false;
            }
        }

        return true;
    }

    private static void WriteInferenceConfig(Utf8JsonWriter writer, JsonElement root)
    {
        var maxTokens = Number(root, "max_completion_tokens") ?? Number(root, "max_tokens");
        var temperature = Number(root, "temperature");
        var topP = Number(root, "top_p");
        List<string>? stops = null;
        if (root.TryGetProperty("stop", out var stop))
        {
            if (stop.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(stop.GetString()))
            {
                stops = [stop.GetString()!];
            }
            else if (stop.ValueKind == JsonValueKind.Array)
            {
                stops = [.. stop.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(s.GetString())).Select(s => s.GetString()!)];
            }
        }

        if (maxTokens is null && temperature is null && topP is null && stops is not { Count: > 0 })
        {
            return;
        }

        writer.WritePropertyName("inferenceConfig");
        writer.WriteStartObject();
        if (maxTokens is { } max)
        {
            writer.WriteNumber("maxTokens", (int)max);
        }

        if (temperature is { } t)
        {
            writer.WriteNumber("temperature", t);
        }

        if (topP is { } p)
        {
            writer.WriteNumber("topP", p);
        }

        if (stops is { Count: > 0 })
        {
            writer.WritePropertyName("stopSequences");
            writer.WriteStartArray();
            foreach (var s in stops)
            {
                writer.WriteStringValue(s);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static bool WriteToolConfig(Utf8JsonWriter writer, JsonElement root, bool historyHasTools, out GatewayError? error)
    {
        error = null;
        if (!root.TryGetProperty("tools", out var tools) || tools.ValueKind != JsonValueKind.Array || tools.GetArrayLength() == 0)
        {
            return true;
        }

        string? choice = "auto", forced = null;
        if (root.TryGetProperty("tool_choice", out var toolChoice))
        {
            if (toolChoice.ValueKind == JsonValueKind.String)
            {
                choice = toolChoice.GetString() switch
                {
                    "none" => null,
                    "required" => "any",
                    _ => "auto",
                };
            }
            else if (toolChoice.ValueKind == JsonValueKind.Object && toolChoice.TryGetProperty("function", out var f) && StringOf(f, "name") is { } name)
            {
                choice = "tool";
                forced = name;
            }
        }

        if (choice is null && !historyHasTools)
        {
            return true;
        }

        writer.WritePropertyName("toolConfig");
        writer.WriteStartObject();
        writer.WritePropertyName("tools");
        writer.WriteStartArray();
        foreach (var tool in tools.EnumerateArray())
        {
            var function = tool.TryGetProperty("function", out var fn) && fn.ValueKind == JsonValueKind.Object ? fn : default;
            var name = function.ValueKind == JsonValueKind.Object ? StringOf(function, "name") : null;
            if (name is null)
            {
                error = GatewayError.InvalidRequest("Every tool needs a 'function' with a 'name'.", "tools");
                return false;
            }

            writer.WriteStartObject();
            writer.WritePropertyName("toolSpec");
            writer.WriteStartObject();
            writer.WriteString("name", name);
            if (StringOf(function, "description") is { Length: > 0 } description)
            {
                writer.WriteString("description", description);
            }

            writer.WritePropertyName("inputSchema");
            writer.WriteStartObject();
            writer.WritePropertyName("json");
            if (function.TryGetProperty("parameters", out var parameters) && parameters.ValueKind == JsonValueKind.Object)
            {
                parameters.WriteTo(writer);
            }
            else
            {
                writer.WriteRawValue("""{"type":"object","properties":{}}""");
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (choice is not null)
        {
            writer.WritePropertyName("toolChoice");
            writer.WriteStartObject();
            writer.WritePropertyName(choice);
            writer.WriteStartObject();
            if (forced is not null)
            {
                writer.WriteString("name", forced);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        return true;
    }

    private static void WriteText(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("text", text);
        writer.WriteEndObject();
    }

    /// <summary>A message's text: the string, or its text parts joined.</summary>
    private static string? TextOf(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString(),
        JsonValueKind.Array => string.Concat(content.EnumerateArray().Where(p => StringOf(p, "type") is "text" or null).Select(p => StringOf(p, "text"))),
        _ => null,
    };

    /// <summary>The arguments JSON text as an object (empty → <c>{}</c>), or null when it is not one.</summary>
    private static string? ParseArguments(string? arguments)
    {
        if (string.IsNullOrWhiteSpace(arguments))
        {
            return "{}";
        }

        try
        {
            using var parsed = JsonDocument.Parse(arguments);
            return parsed.RootElement.ValueKind == JsonValueKind.Object ? parsed.RootElement.GetRawText() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool TryDataUrl(string? url, out string format, out string base64)
    {
        format = base64 = "";
        const string prefix = "data:image/";
        if (url is null || !url.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var marker = url.IndexOf(";base64,", StringComparison.OrdinalIgnoreCase);
        if (marker < 0)
        {
            return false;
        }

        format = url[prefix.Length..marker].ToLowerInvariant() switch
        {
            "jpg" => "jpeg",
            var f => f,
        };
        base64 = url[(marker + ";base64,".Length)..];
        return format is "png" or "jpeg" or "gif" or "webp" && base64.Length > 0;
    }

    private static string? StringOf(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
