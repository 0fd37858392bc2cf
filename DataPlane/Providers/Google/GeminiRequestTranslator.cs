using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DataPlane.Errors;
using DataPlane.Providers.Http;

namespace DataPlane.Providers.Google;

/// <summary>
/// An OpenAI chat request → a Gemini <c>GenerateContentRequest</c> (v1beta), written with
/// <see cref="Utf8JsonWriter"/> into a pooled buffer. The client body is read with a (pooled) <see cref="JsonDocument"/>
/// because the translation needs random access: system messages anywhere become <c>systemInstruction</c>, and a
/// <c>tool</c> message needs the function name of an earlier tool call. What maps where:
/// <list type="bullet">
/// <item>system/developer → <c>systemInstruction.parts</c>; user → <c>user</c>; assistant → <c>model</c>; tool (and legacy
/// function) → <c>user</c> with <c>functionResponse</c>; consecutive turns of one role are merged;</item>
/// <item>content parts: text; <c>image_url</c> data URL → <c>inlineData</c>, http(s) URL → <c>fileData</c> (MIME type from the
/// extension, else <c>image/jpeg</c>); <c>input_audio</c> and <c>file</c> data → <c>inlineData</c>;</item>
/// <item><c>tools</c> → <c>functionDeclarations</c> (schemas cleaned by <see cref="GeminiSchemaCleaner"/>); <c>tool_choice</c> →
/// <c>toolConfig.functionCallingConfig</c>;</item>
/// <item><c>generationConfig</c>: <c>max_completion_tokens</c>/<c>max_tokens</c>, <c>temperature</c>, <c>top_p</c>, <c>stop</c>, <c>n</c>,
/// <c>seed</c>, non-zero <c>presence_penalty</c>/<c>frequency_penalty</c>, <c>response_format</c> (JSON mode and schema).</item>
/// </list>
/// Not sent, as Gemini has no equivalent: <c>user</c>, <c>logit_bias</c>, <c>logprobs</c>, <c>parallel_tool_calls</c>, <c>store</c>,
/// <c>metadata</c>, <c>service_tier</c>, <c>reasoning_effort</c>. Input it cannot translate is a 400 naming the field.
/// </summary>
internal static class GeminiRequestTranslator
{
    public const string UserRole = "user";
    public const string ModelRole = "model";

    // Base64 images stay as they are ('+' and '/' unescaped) and non-ASCII text stays UTF-8: this JSON goes to an API, not a page.

    /// <summary>The translated body, or null and a 400 <paramref name="error"/>.</summary>
    public static PooledBuffer? Translate(ReadOnlyMemory<byte> body, bool stream, out GatewayError? error)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var fields = RequestFields.From(root);
        if (fields.Messages.ValueKind != JsonValueKind.Array)
        {
            error = GatewayError.InvalidRequest("'messages' must be an array.", "messages");
            return null;
        }

        if (stream && fields.N.ValueKind == JsonValueKind.Number && fields.N.TryGetInt32(out var n) && n > 1)
        {
            error = GatewayError.InvalidRequest("Streaming more than one choice (n > 1) is not supported for Google Gemini.", "n");
            return null;
        }

        var output = new PooledBuffer(body.Length + 512);
        try
        {
            using (var writer = new Utf8JsonWriter(output, WireJson.WriterOptions))
            {
                writer.WriteStartObject();
                error = WriteContents(writer, fields.Messages)
                    ?? WriteTools(writer, fields.Tools, fields.ToolChoice)
                    ?? WriteGenerationConfig(writer, fields);
                if (error is null)
                {
                    WriteSystemInstruction(writer, fields.Messages);
                    writer.WriteEndObject();
                }
            }

            if (error is null)
            {
                return output;
            }
        }
        catch
        {
            output.Dispose();
            throw;
        }

        output.Dispose();
        return null;
    }

    private static GatewayError? WriteContents(Utf8JsonWriter writer, JsonElement messages)
    {
        writer.WriteStartArray("contents");
        var turns = new GeminiTurns(writer);
        Dictionary<string, string>? toolNames = null;
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var param = $"messages[{index}]";
            if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("role", out var roleElement) || roleElement.ValueKind != JsonValueKind.String)
            {
                return GatewayError.InvalidRequest($"{param} must be an object with a string 'role'.", param);
            }

            var content = message.TryGetProperty("content", out var c) ? c : default;
            var role = roleElement.GetString();
            var error = role switch
            {
                "system" or "developer" => null, // → systemInstruction, written after the contents
                "user" => WriteParts(writer, turns, UserRole, content, param),
                "assistant" => WriteAssistant(writer, turns, message, content, param),
                "tool" or "function" => WriteToolResult(writer, turns, message, content, param, messages, ref toolNames),
                _ => GatewayError.InvalidRequest($"{param}.role '{role}' is not supported.", param + ".role"),
            };
            if (error is not null)
            {
                return error;
            }

            index++;
        }

        turns.Close();
        writer.WriteEndArray();
        return null;
    }

    private static void WriteSystemInstruction(Utf8JsonWriter writer, JsonElement messages)
    {
        var open = false;
        foreach (var message in messages.EnumerateArray())
        {
            if (!message.TryGetProperty("role", out var role) || !(role.ValueEquals("system"u8) || role.ValueEquals("developer"u8))
                || !message.TryGetProperty("content", out var content))
            {
                continue;
            }

            foreach (var text in Texts(content))
            {
                if (!open)
                {
                    writer.WriteStartObject("systemInstruction");
                    writer.WriteStartArray("parts");
                    open = true;
                }

                writer.WriteStartObject();
                writer.WritePropertyName("text");
                text.WriteTo(writer);
                writer.WriteEndObject();
            }
        }

        if (open)
        {
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
    }

    /// <summary>The non-empty text values of a content (a string, or text parts of an array).</summary>
    private static IEnumerable<JsonElement> Texts(JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            if (!content.ValueEquals(""u8))
            {
                yield return content;
            }

            yield break;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object
                && (part.TryGetProperty("text", out var text) || part.TryGetProperty("refusal", out text))
                && text.ValueKind == JsonValueKind.String && !text.ValueEquals(""u8))
            {
                yield return text;
            }
        }
    }

    private static GatewayError? WriteParts(Utf8JsonWriter writer, GeminiTurns turns, string role, JsonElement content, string param)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return null;
            case JsonValueKind.String:
                WriteText(writer, turns, role, content);
                return null;
            case JsonValueKind.Array:
                break;
            default:
                return GatewayError.InvalidRequest($"{param}.content must be a string or an array of content parts.", param + ".content");
        }

        var index = 0;
        foreach (var part in content.EnumerateArray())
        {
            var partParam = $"{param}.content[{index++}]";
            var type = part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            var error = type switch
            {
                "text" or "refusal" => part.TryGetProperty(type, out var text) && text.ValueKind == JsonValueKind.String
                    ? WriteText(writer, turns, role, text)
                    : GatewayError.InvalidRequest($"{partParam}.{type} must be a string.", partParam),
                "image_url" => WriteImage(writer, turns, role, part, partParam),
                "input_audio" => WriteAudio(writer, turns, role, part, partParam),
                "file" => WriteFile(writer, turns, role, part, partParam),
                _ => GatewayError.InvalidRequest($"{partParam}: content part type '{type}' is not supported for Google Gemini.", partParam),
            };
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private static GatewayError? WriteText(Utf8JsonWriter writer, GeminiTurns turns, string role, JsonElement text)
    {
        // Gemini rejects empty text parts.
        if (text.ValueEquals(""u8))
        {
            return null;
        }

        turns.BeginPart(role);
        writer.WritePropertyName("text");
        text.WriteTo(writer);
        writer.WriteEndObject();
        return null;
    }

    private static GatewayError? WriteImage(Utf8JsonWriter writer, GeminiTurns turns, string role, JsonElement part, string param)
    {
        var image = part.TryGetProperty("image_url", out var i) ? i : default;
        var url = image.ValueKind == JsonValueKind.Object && image.TryGetProperty("url", out var u) ? u : image;
        if (url.ValueKind != JsonValueKind.String)
        {
            return GatewayError.InvalidRequest($"{param}.image_url.url must be a string.", param);
        }

        using var value = StringBytes.Of(url);
        var bytes = value.Span;
        if (DataUrl.TryParse(bytes, out var mime, out var data))
        {
            WriteInlineData(writer, turns, role, mime, data);
            return null;
        }

        if (bytes.StartsWith("http://"u8) || bytes.StartsWith("https://"u8))
        {
            turns.BeginPart(role);
            writer.WriteStartObject("fileData");
            writer.WriteString("mimeType", MimeTypes.FromUrl(bytes));
            writer.WriteString("fileUri", bytes);
            writer.WriteEndObject();
            writer.WriteEndObject();
            return null;
        }

        return GatewayError.InvalidRequest($"{param}.image_url.url must be a base64 data URL or an http(s) URL.", param);
    }

    private static GatewayError? WriteAudio(Utf8JsonWriter writer, GeminiTurns turns, string role, JsonElement part, string param)
    {
        if (!part.TryGetProperty("input_audio", out var audio) || audio.ValueKind != JsonValueKind.Object
            || !audio.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.String)
        {
            return GatewayError.InvalidRequest($"{param}.input_audio must have base64 'data'.", param);
        }

        var format = audio.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : "wav";
        using var bytes = StringBytes.Of(data);
        WriteInlineData(writer, turns, role, Encoding.UTF8.GetBytes("audio/" + format), bytes.Span);
        return null;
    }

    private static GatewayError? WriteFile(Utf8JsonWriter writer, GeminiTurns turns, string role, JsonElement part, string param)
    {
        if (!part.TryGetProperty("file", out var file) || file.ValueKind != JsonValueKind.Object
            || !file.TryGetProperty("file_data", out var data) || data.ValueKind != JsonValueKind.String)
        {
            return GatewayError.InvalidRequest($"{param}.file must have 'file_data' (a base64 data URL); file ids are not supported for Google Gemini.", param);
        }

        using var bytes = StringBytes.Of(data);
        if (!DataUrl.TryParse(bytes.Span, out var mime, out var content))
        {
            return GatewayError.InvalidRequest($"{param}.file.file_data must be a base64 data URL.", param);
        }

        WriteInlineData(writer, turns, role, mime, content);
        return null;
    }

    private static void WriteInlineData(Utf8JsonWriter writer, GeminiTurns turns, string role, ReadOnlySpan<byte> mimeType, ReadOnlySpan<byte> base64)
    {
        turns.BeginPart(role);
        writer.WriteStartObject("inlineData");
        writer.WriteString("mimeType", mimeType);
        writer.WriteString("data", base64);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static GatewayError? WriteAssistant(Utf8JsonWriter writer, GeminiTurns turns, JsonElement message, JsonElement content, string param)
    {
        foreach (var text in Texts(content))
        {
            WriteText(writer, turns, ModelRole, text);
        }

        if (message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var call in calls.EnumerateArray())
            {
                var callParam = $"{param}.tool_calls[{index++}]";
                if (!call.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object
                    || !function.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
                {
                    return GatewayError.InvalidRequest($"{callParam} must have a function with a name.", callParam);
                }

                var id = call.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
                var error = WriteFunctionCall(writer, turns, name, function, GeminiToolCallIds.ThoughtSignatureOf(id), callParam);
                if (error is not null)
                {
                    return error;
                }
            }
        }
        else if (message.TryGetProperty("function_call", out var legacy) && legacy.ValueKind == JsonValueKind.Object
            && legacy.TryGetProperty("name", out var legacyName) && legacyName.ValueKind == JsonValueKind.String)
        {
            return WriteFunctionCall(writer, turns, legacyName, legacy, thoughtSignature: null, param + ".function_call");
        }

        return null;
    }

    private static GatewayError? WriteFunctionCall(Utf8JsonWriter writer, GeminiTurns turns, JsonElement name, JsonElement function, string? thoughtSignature, string param)
    {
        var arguments = function.TryGetProperty("arguments", out var a) ? a : default;
        JsonDocument? parsed = null;
        try
        {
            JsonElement args;
            if (arguments.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(arguments.GetString()))
            {
                try
                {
                    parsed = JsonDocument.Parse(arguments.GetString()!);
                }
                catch (JsonException)
                {
                    return GatewayError.InvalidRequest($"{param}.function.arguments is not valid JSON.", param);
                }

                args = parsed.RootElement;
            }
            else
            {
                args = arguments.ValueKind == JsonValueKind.Object ? arguments : default;
            }

            if (args.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined))
            {
                return GatewayError.InvalidRequest($"{param}.function.arguments must be a JSON object.", param);
            }

            turns.BeginPart(ModelRole);
            writer.WriteStartObject("functionCall");
            writer.WritePropertyName("name");
            name.WriteTo(writer);
            writer.WritePropertyName("args");
            if (args.ValueKind == JsonValueKind.Object)
            {
                args.WriteTo(writer);
            }
            else
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            if (thoughtSignature is not null)
            {
                writer.WriteString("thoughtSignature", thoughtSignature);
            }

            writer.WriteEndObject();
            return null;
        }
        finally
        {
            parsed?.Dispose();
        }
    }

    private static GatewayError? WriteToolResult(Utf8JsonWriter writer, GeminiTurns turns, JsonElement message, JsonElement content, string param,
        JsonElement messages, ref Dictionary<string, string>? toolNames)
    {
        string? name = null;
        if (message.TryGetProperty("tool_call_id", out var id) && id.ValueKind == JsonValueKind.String)
        {
            toolNames ??= ToolNames(messages);
            toolNames.TryGetValue(id.GetString()!, out name);
        }

        if (name is null && message.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
        {
            name = n.GetString();
        }

        if (string.IsNullOrEmpty(name))
        {
            return GatewayError.InvalidRequest(
                $"{param}: its tool_call_id matches no tool call of an earlier assistant message, so the function's name is unknown.", param + ".tool_call_id");
        }

        turns.BeginPart(UserRole);
        writer.WriteStartObject("functionResponse");
        writer.WriteString("name", name);
        writer.WritePropertyName("response");
        WriteToolResponse(writer, content);
        writer.WriteEndObject();
        writer.WriteEndObject();
        return null;
    }

    /// <summary>Gemini wants an object: a JSON object result as it is, anything else as <c>{"content": …}</c>.</summary>
    private static void WriteToolResponse(Utf8JsonWriter writer, JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            var text = content.GetString()!;
            var trimmed = text.AsSpan().TrimStart();
            if (!trimmed.IsEmpty && (trimmed[0] == '{' || trimmed[0] == '['))
            {
                try
                {
                    using var parsed = JsonDocument.Parse(text);
                    WriteToolResponseValue(writer, parsed.RootElement);
                    return;
                }
                catch (JsonException)
                {
                    // Text that only looks like JSON: sent as text below.
                }
            }

            writer.WriteStartObject();
            writer.WriteString("content", text);
            writer.WriteEndObject();
            return;
        }

        if (content.ValueKind == JsonValueKind.Array)
        {
            // Text parts, joined.
            writer.WriteStartObject();
            writer.WriteString("content", string.Concat(Texts(content).Select(t => t.GetString())));
            writer.WriteEndObject();
            return;
        }

        WriteToolResponseValue(writer, content);
    }

    private static void WriteToolResponseValue(Utf8JsonWriter writer, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            value.WriteTo(writer);
            return;
        }

        writer.WriteStartObject();
        writer.WritePropertyName("content");
        if (value.ValueKind == JsonValueKind.Undefined)
        {
            writer.WriteNullValue();
        }
        else
        {
            value.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    private static Dictionary<string, string> ToolNames(JsonElement messages)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var message in messages.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("tool_calls", out var calls) || calls.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var call in calls.EnumerateArray())
            {
                if (call.ValueKind == JsonValueKind.Object
                    && call.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                    && call.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object
                    && function.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
                {
                    names[id.GetString()!] = name.GetString()!;
                }
            }
        }

        return names;
    }

    private static GatewayError? WriteTools(Utf8JsonWriter writer, JsonElement tools, JsonElement toolChoice)
    {
        if (tools.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }

        if (tools.ValueKind != JsonValueKind.Array)
        {
            return GatewayError.InvalidRequest("'tools' must be an array.", "tools");
        }

        if (tools.GetArrayLength() == 0)
        {
            return null;
        }

        writer.WriteStartArray("tools");
        writer.WriteStartObject();
        writer.WriteStartArray("functionDeclarations");
        var index = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            var param = $"tools[{index++}]";
            if (tool.ValueKind != JsonValueKind.Object || !tool.TryGetProperty("type", out var type) || !type.ValueEquals("function"u8))
            {
                return GatewayError.InvalidRequest($"{param}: only tools of type 'function' are supported for Google Gemini.", param);
            }

            if (!tool.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object
                || !function.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
            {
                return GatewayError.InvalidRequest($"{param}.function must have a name.", param);
            }

            writer.WriteStartObject();
            writer.WritePropertyName("name");
            name.WriteTo(writer);
            if (function.TryGetProperty("description", out var description) && description.ValueKind == JsonValueKind.String)
            {
                writer.WritePropertyName("description");
                description.WriteTo(writer);
            }

            if (function.TryGetProperty("parameters", out var parameters) && GeminiSchemaCleaner.HasParameters(parameters))
            {
                writer.WritePropertyName("parameters");
                GeminiSchemaCleaner.Write(writer, parameters);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
        return WriteToolConfig(writer, toolChoice);
    }

    private static GatewayError? WriteToolConfig(Utf8JsonWriter writer, JsonElement toolChoice)
    {
        string mode;
        JsonElement allowed = default;
        switch (toolChoice.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return null;
            case JsonValueKind.String when toolChoice.ValueEquals("auto"u8):
                mode = "AUTO";
                break;
            case JsonValueKind.String when toolChoice.ValueEquals("none"u8):
                mode = "NONE";
                break;
            case JsonValueKind.String when toolChoice.ValueEquals("required"u8):
                mode = "ANY";
                break;
            case JsonValueKind.Object when toolChoice.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object
                && function.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String:
                mode = "ANY";
                allowed = name;
                break;
            default:
                return GatewayError.InvalidRequest(
                    "'tool_choice' must be \"auto\", \"none\", \"required\" or {\"type\":\"function\",\"function\":{\"name\":…}}.", "tool_choice");
        }

        writer.WriteStartObject("toolConfig");
        writer.WriteStartObject("functionCallingConfig");
        writer.WriteString("mode", mode);
        if (allowed.ValueKind == JsonValueKind.String)
        {
            writer.WriteStartArray("allowedFunctionNames");
            allowed.WriteTo(writer);
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        return null;
    }

    private static GatewayError? WriteGenerationConfig(Utf8JsonWriter writer, RequestFields fields)
    {
        writer.WriteStartObject("generationConfig");
        var maxTokens = fields.MaxCompletionTokens.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? fields.MaxTokens : fields.MaxCompletionTokens;
        var error = Number(writer, "maxOutputTokens", maxTokens, fields.MaxCompletionTokens.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? "max_tokens" : "max_completion_tokens")
            ?? Number(writer, "temperature", fields.Temperature, "temperature")
            ?? Number(writer, "topP", fields.TopP, "top_p")
            ?? Number(writer, "candidateCount", fields.N, "n")
            ?? Number(writer, "seed", fields.Seed, "seed")
            ?? NonZeroNumber(writer, "presencePenalty", fields.PresencePenalty, "presence_penalty")
            ?? NonZeroNumber(writer, "frequencyPenalty", fields.FrequencyPenalty, "frequency_penalty")
            ?? StopSequences(writer, fields.Stop)
            ?? ResponseFormat(writer, fields.ResponseFormat);
        writer.WriteEndObject();
        return error;
    }

    private static GatewayError? Number(Utf8JsonWriter writer, string name, JsonElement value, string param)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return null;
            case JsonValueKind.Number:
                writer.WritePropertyName(name);
                value.WriteTo(writer);
                return null;
            default:
                return GatewayError.InvalidRequest($"'{param}' must be a number.", param);
        }
    }

    // Penalties are sent only when they change something: several Gemini models reject the fields outright,
    // and clients (Retool among them) send 0 by default.
    private static GatewayError? NonZeroNumber(Utf8JsonWriter writer, string name, JsonElement value, string param) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && number == 0 ? null : Number(writer, name, value, param);

    private static GatewayError? StopSequences(Utf8JsonWriter writer, JsonElement stop)
    {
        switch (stop.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return null;
            case JsonValueKind.String:
                writer.WriteStartArray("stopSequences");
                stop.WriteTo(writer);
                writer.WriteEndArray();
                return null;
            case JsonValueKind.Array when stop.EnumerateArray().All(s => s.ValueKind == JsonValueKind.String):
                if (stop.GetArrayLength() > 0)
                {
                    writer.WritePropertyName("stopSequences");
                    stop.WriteTo(writer);
                }

                return null;
            default:
                return GatewayError.InvalidRequest("'stop' must be a string or an array of strings.", "stop");
        }
    }

    private static GatewayError? ResponseFormat(Utf8JsonWriter writer, JsonElement format)
    {
        if (format.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }

        var type = format.ValueKind == JsonValueKind.Object && format.TryGetProperty("type", out var t) ? t : default;
        if (type.ValueKind == JsonValueKind.String && type.ValueEquals("text"u8))
        {
            return null;
        }

        if (type.ValueKind == JsonValueKind.String && type.ValueEquals("json_object"u8))
        {
            writer.WriteString("responseMimeType", "application/json");
            return null;
        }

        if (type.ValueKind == JsonValueKind.String && type.ValueEquals("json_schema"u8))
        {
            writer.WriteString("responseMimeType", "application/json");
            if (format.TryGetProperty("json_schema", out var jsonSchema) && jsonSchema.ValueKind == JsonValueKind.Object
                && jsonSchema.TryGetProperty("schema", out var schema) && schema.ValueKind == JsonValueKind.Object)
            {
                writer.WritePropertyName("responseSchema");
                GeminiSchemaCleaner.Write(writer, schema);
            }

            return null;
        }

        return GatewayError.InvalidRequest("'response_format.type' must be \"text\", \"json_object\" or \"json_schema\".", "response_format");
    }
}
