using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DataPlane.Errors;
using DataPlane.Providers.Http;

namespace DataPlane.Providers.Anthropic;

/// <summary>
/// An OpenAI chat request → an Anthropic Messages request (docs.anthropic.com/en/api/messages), written with
/// <see cref="Utf8JsonWriter"/> into a pooled buffer; the client's JSON is read with <see cref="Utf8JsonReader"/>
/// passes over the parts it needs (no DOM). What maps where:
/// <list type="bullet">
/// <item><c>system</c>/<c>developer</c> messages (wherever they are) → top-level <c>system</c> text blocks, in order;</item>
/// <item><c>user</c>/<c>assistant</c> messages → content blocks (text; <c>image_url</c> data URL → base64 image, http(s) → url image;
/// <c>file</c> with a PDF data URL → document); consecutive messages of one role are merged, as Anthropic requires alternation;</item>
/// <item>assistant <c>tool_calls</c> → <c>tool_use</c> blocks (<c>arguments</c> parsed into <c>input</c>); <c>tool</c> messages →
/// <c>tool_result</c> blocks of a user message;</item>
/// <item><c>tools</c> → <c>{name, description, input_schema}</c>; <c>tool_choice</c> auto/none/required/function → auto/none/any/tool;
/// <c>parallel_tool_calls: false</c> → <c>disable_parallel_tool_use</c>;</item>
/// <item><c>max_completion_tokens</c> or <c>max_tokens</c> → <c>max_tokens</c> (required by Anthropic: the endpoint's default when absent);
/// <c>stop</c> → <c>stop_sequences</c>; <c>temperature</c> (clamped to Anthropic's 0–1), <c>top_p</c>, <c>top_k</c>;
/// <c>user</c> → <c>metadata.user_id</c>; <c>thinking</c> passes as is; <c>cache_control</c> on content parts and tools passes as is;</item>
/// <item><c>response_format</c>: Anthropic has no JSON mode, so <c>json_object</c>/<c>json_schema</c> add a last <c>system</c>
/// block telling the model to answer with only JSON (matching the schema, which is quoted). This is an instruction, not a
/// guarantee: the answer is not validated.</item>
/// </list>
/// Fields Anthropic has no counterpart for (<c>frequency_penalty</c>, <c>seed</c>, <c>logprobs</c>…) are dropped; <c>n</c> &gt; 1 is refused.
/// </summary>
internal static class AnthropicRequestTranslator
{
    internal const string JsonObjectInstruction =
        "Respond with only a valid JSON object. Do not write anything before or after it, and do not wrap it in Markdown code fences.";

    internal const string JsonSchemaInstruction =
        "Respond with only a valid JSON value that conforms to the following JSON Schema. Do not write anything before or after it, and do not wrap it in Markdown code fences. JSON Schema:\n";

    /// <param name="body">The client's OpenAI chat request (a JSON object, already parsed once by the pipeline).</param>
    /// <param name="model">The target model id (not the client's <c>@slug/model</c>).</param>
    /// <returns>The Anthropic body, or null with <paramref name="error"/> (400) for what cannot be translated.</returns>
    public static PooledBuffer? Translate(ReadOnlySpan<byte> body, string model, bool stream, int defaultMaxTokens, out GatewayError? error) =>
        Translate(body, model, stream, defaultMaxTokens, bodyVersion: null, out error);

    /// <param name="model">The target model id, or null to send none (Vertex AI names the model in the URL and rejects the field).</param>
    /// <param name="bodyVersion">Written as <c>anthropic_version</c> in the body when set (Vertex AI wants it there, not in a header).</param>
    public static PooledBuffer? Translate(ReadOnlySpan<byte> body, string? model, bool stream, int defaultMaxTokens, string? bodyVersion, out GatewayError? error)
    {
        var output = new PooledBuffer(body.Length + 512);
        try
        {
            var fields = ChatRequestFields.Read(body);
            using (var writer = new Utf8JsonWriter(output, WireJson.WriterOptions))
            {
                Write(writer, body, fields, model, stream, defaultMaxTokens, bodyVersion);
            }

            error = null;
            return output;
        }
        catch (Exception ex) when (ex is AnthropicTranslationException or JsonException)
        {
            output.Dispose();
            error = ex is AnthropicTranslationException translation
                ? GatewayError.InvalidRequest(translation.Message, translation.Param)
                : GatewayError.InvalidRequest("The request cannot be translated for provider kind 'anthropic': " + ex.Message);
            return null;
        }
    }

    private static void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> body, ChatRequestFields fields, string? model, bool stream, int defaultMaxTokens,
        string? bodyVersion)
    {
        if (fields.N is { } n && Number(body[n]) is { } count && count > 1)
        {
            throw new AnthropicTranslationException("'n' greater than 1 is not supported by provider kind 'anthropic'.", "n");
        }

        writer.WriteStartObject();
        if (model is not null)
        {
            writer.WriteString("model", model);
        }

        if (bodyVersion is not null)
        {
            writer.WriteString("anthropic_version", bodyVersion);
        }

        writer.WriteNumber("max_tokens", MaxTokens(body, fields, defaultMaxTokens));
        WriteSystem(writer, body, fields);
        WriteMessages(writer, body, fields);
        var hasTools = WriteTools(writer, body, fields);
        if (hasTools)
        {
            WriteToolChoice(writer, body, fields);
        }

        WriteStop(writer, body, fields);
        if (fields.Temperature is { } temperature && Number(body[temperature]) is { } t)
        {
            // OpenAI's range is 0–2, Anthropic's 0–1: a client's 1.3 means "more random", the most Anthropic allows.
            writer.WriteNumber("temperature", Math.Clamp(t, 0, 1));
        }

        CopyNumber(writer, "top_p", body, fields.TopP);
        CopyNumber(writer, "top_k", body, fields.TopK);
        if (fields.User is { } user && StringValue(body[user]) is { Length: > 0 } userId)
        {
            writer.WriteStartObject("metadata");
            writer.WriteString("user_id", userId);
            writer.WriteEndObject();
        }

        if (fields.Thinking is { } thinking && body[thinking][0] == (byte)'{')
        {
            writer.WritePropertyName("thinking");
            writer.WriteRawValue(body[thinking]);
        }

        if (stream)
        {
            writer.WriteBoolean("stream", true);
        }

        writer.WriteEndObject();
    }

    private static int MaxTokens(ReadOnlySpan<byte> body, ChatRequestFields fields, int defaultMaxTokens) =>
        PositiveInteger(body, fields.MaxCompletionTokens, "max_completion_tokens")
        ?? PositiveInteger(body, fields.MaxTokens, "max_tokens")
        ?? defaultMaxTokens;

    private static int? PositiveInteger(ReadOnlySpan<byte> body, Range? range, string name)
    {
        if (range is not { } r || IsNull(body[r]))
        {
            return null;
        }

        var reader = new Utf8JsonReader(body[r]);
        reader.Read();
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var value) || value < 1)
        {
            throw new AnthropicTranslationException($"'{name}' must be a positive integer.", name);
        }

        return value;
    }

    private static void WriteSystem(Utf8JsonWriter writer, ReadOnlySpan<byte> body, ChatRequestFields fields)
    {
        var open = false;
        if (fields.Messages is { } messages)
        {
            var reader = new Utf8JsonReader(body[messages]);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                var message = body[messages][start..(int)reader.BytesConsumed];
                var parts = ChatMessageFields.Read(message);
                if (parts.Role is not (ChatMessageRole.System or ChatMessageRole.Developer) || parts.Content is not { } content)
                {
                    continue;
                }

                var contentJson = message[content];
                if (contentJson[0] == (byte)'"')
                {
                    if (!IsEmptyString(contentJson))
                    {
                        Open(writer, ref open);
                        WriteTextBlock(writer, contentJson, cacheControl: default);
                    }

                    continue;
                }

                if (contentJson[0] != (byte)'[')
                {
                    continue;
                }

                var partReader = new Utf8JsonReader(contentJson);
                partReader.Read();
                while (partReader.Read() && partReader.TokenType == JsonTokenType.StartObject)
                {
                    var partStart = (int)partReader.TokenStartIndex;
                    partReader.Skip();
                    var part = ContentPartFields.Read(contentJson[partStart..(int)partReader.BytesConsumed]);
                    if (part.Text is { } text && !IsEmptyString(part.Json[text]))
                    {
                        Open(writer, ref open);
                        WriteTextBlock(writer, part.Json[text], part.CacheControl is { } cache ? part.Json[cache] : default);
                    }
                }
            }
        }

        if (fields.ResponseFormat is { } format && ResponseFormatInstruction(body[format]) is { } instruction)
        {
            Open(writer, ref open);
            writer.WriteStartObject();
            writer.WriteString("type", "text");
            writer.WriteString("text", instruction);
            writer.WriteEndObject();
        }

        if (open)
        {
            writer.WriteEndArray();
        }

        static void Open(Utf8JsonWriter writer, ref bool open)
        {
            if (!open)
            {
                writer.WriteStartArray("system");
                open = true;
            }
        }
    }

    private static string? ResponseFormatInstruction(ReadOnlySpan<byte> format)
    {
        if (format.IsEmpty || format[0] != (byte)'{')
        {
            return null;
        }

        string? type = null;
        ReadOnlySpan<byte> schema = default;
        var reader = new Utf8JsonReader(format);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("json_schema"u8))
            {
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                schema = SchemaOf(format[start..(int)reader.BytesConsumed]);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return type switch
        {
            "json_object" => JsonObjectInstruction,
            "json_schema" when !schema.IsEmpty => JsonSchemaInstruction + Encoding.UTF8.GetString(schema),
            "json_schema" => JsonObjectInstruction,
            _ => null,
        };
    }

    /// <summary>The <c>schema</c> inside OpenAI's <c>json_schema</c> object.</summary>
    private static ReadOnlySpan<byte> SchemaOf(ReadOnlySpan<byte> jsonSchema)
    {
        if (jsonSchema.IsEmpty || jsonSchema[0] != (byte)'{')
        {
            return default;
        }

        var reader = new Utf8JsonReader(jsonSchema);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isSchema = reader.ValueTextEquals("schema"u8);
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            if (isSchema && reader.TokenType == JsonTokenType.EndObject)
            {
                return jsonSchema[start..(int)reader.BytesConsumed];
            }
        }

        return default;
    }

    private static void WriteMessages(Utf8JsonWriter writer, ReadOnlySpan<byte> body, ChatRequestFields fields)
    {
        if (fields.Messages is not { } messages || body[messages][0] != (byte)'[')
        {
            throw new AnthropicTranslationException("'messages' must be an array of messages.", "messages");
        }

        writer.WriteStartArray("messages");
        var open = new MessageMerger();
        var reader = new Utf8JsonReader(body[messages]);
        reader.Read();
        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            var message = body[messages][start..(int)reader.BytesConsumed];
            if (message[0] != (byte)'{')
            {
                throw new AnthropicTranslationException($"messages[{index}] must be an object.", "messages");
            }

            var parts = ChatMessageFields.Read(message);
            switch (parts.Role)
            {
                case ChatMessageRole.System or ChatMessageRole.Developer:
                    break; // in the top-level system already
                case ChatMessageRole.User:
                    WriteUserContent(writer, ref open, message, parts, index);
                    break;
                case ChatMessageRole.Assistant:
                    WriteAssistantContent(writer, ref open, message, parts, index);
                    break;
                case ChatMessageRole.Tool:
                    WriteToolResult(writer, ref open, message, parts, index);
                    break;
                default:
                    throw new AnthropicTranslationException(
                        $"messages[{index}].role must be one of system, developer, user, assistant or tool for provider kind 'anthropic'.", "messages");
            }

            index++;
        }

        if (!open.Close(writer))
        {
            throw new AnthropicTranslationException("'messages' must contain at least one user or assistant message with content.", "messages");
        }

        writer.WriteEndArray();
    }

    private static void WriteUserContent(Utf8JsonWriter writer, ref MessageMerger open, ReadOnlySpan<byte> message, ChatMessageFields parts, int index)
    {
        if (parts.Content is not { } content)
        {
            return;
        }

        var json = message[content];
        if (json[0] == (byte)'"')
        {
            if (!IsEmptyString(json))
            {
                open.Ensure(writer, "user");
                WriteTextBlock(writer, json, cacheControl: default);
            }

            return;
        }

        if (json[0] != (byte)'[')
        {
            return; // null content: nothing to say
        }

        var reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            var partJson = json[start..(int)reader.BytesConsumed];
            if (partJson[0] != (byte)'{')
            {
                throw new AnthropicTranslationException($"messages[{index}].content parts must be objects.", "messages");
            }

            var part = ContentPartFields.Read(partJson);
            var cacheControl = part.CacheControl is { } cache ? partJson[cache] : default;
            switch (part.Type)
            {
                case "text":
                    if (part.Text is { } text && !IsEmptyString(partJson[text]))
                    {
                        open.Ensure(writer, "user");
                        WriteTextBlock(writer, partJson[text], cacheControl);
                    }

                    break;
                case "image_url" when part.ImageUrl is { } image:
                    open.Ensure(writer, "user");
                    WriteImageBlock(writer, partJson[image], cacheControl, index);
                    break;
                case "file" when part.File is { } file:
                    open.Ensure(writer, "user");
                    WriteDocumentBlock(writer, partJson[file], cacheControl, index);
                    break;
                default:
                    throw new AnthropicTranslationException(
                        $"messages[{index}]: content part type '{part.Type}' is not supported by provider kind 'anthropic' (text, image_url and PDF file parts are).", "messages");
            }
        }
    }

    private static void WriteAssistantContent(Utf8JsonWriter writer, ref MessageMerger open, ReadOnlySpan<byte> message, ChatMessageFields parts, int index)
    {
        if (parts.Content is { } content)
        {
            var json = message[content];
            if (json[0] == (byte)'"' && !IsEmptyString(json))
            {
                open.Ensure(writer, "assistant");
                WriteTextBlock(writer, json, cacheControl: default);
            }
            else if (json[0] == (byte)'[')
            {
                var reader = new Utf8JsonReader(json);
                reader.Read();
                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    var partJson = json[start..(int)reader.BytesConsumed];
                    var part = ContentPartFields.Read(partJson);
                    // An assistant's parts are text or refusal; a refusal is what it said, so it stays as text.
                    var text = part.Text ?? part.Refusal;
                    if (text is { } t && !IsEmptyString(partJson[t]))
                    {
                        open.Ensure(writer, "assistant");
                        WriteTextBlock(writer, partJson[t], part.CacheControl is { } cache ? partJson[cache] : default);
                    }
                }
            }
        }

        if (parts.ToolCalls is { } toolCalls && message[toolCalls][0] == (byte)'[')
        {
            var json = message[toolCalls];
            var reader = new Utf8JsonReader(json);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                open.Ensure(writer, "assistant");
                WriteToolUseBlock(writer, json[start..(int)reader.BytesConsumed], index);
            }
        }
    }

    private static void WriteToolUseBlock(Utf8JsonWriter writer, ReadOnlySpan<byte> call, int index)
    {
        string? id = null, name = null;
        ReadOnlySpan<byte> arguments = default;
        var reader = new Utf8JsonReader(call);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                id = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("function"u8))
            {
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                var function = call[start..(int)reader.BytesConsumed];
                if (function[0] != (byte)'{')
                {
                    continue;
                }

                var inner = new Utf8JsonReader(function);
                inner.Read();
                while (inner.Read() && inner.TokenType == JsonTokenType.PropertyName)
                {
                    if (inner.ValueTextEquals("name"u8))
                    {
                        inner.Read();
                        name = inner.TokenType == JsonTokenType.String ? inner.GetString() : null;
                    }
                    else if (inner.ValueTextEquals("arguments"u8))
                    {
                        inner.Read();
                        var argumentsStart = (int)inner.TokenStartIndex;
                        inner.Skip();
                        arguments = function[argumentsStart..(int)inner.BytesConsumed];
                    }
                    else
                    {
                        inner.Read();
                        inner.Skip();
                    }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(name))
        {
            throw new AnthropicTranslationException($"messages[{index}].tool_calls entries need an 'id' and a 'function.name'.", "messages");
        }

        writer.WriteStartObject();
        writer.WriteString("type", "tool_use");
        writer.WriteString("id", id);
        writer.WriteString("name", name);
        writer.WritePropertyName("input");
        WriteToolInput(writer, arguments, index);
        writer.WriteEndObject();
    }

    /// <summary>OpenAI sends arguments as a JSON text in a string; Anthropic wants the object itself.</summary>
    private static void WriteToolInput(Utf8JsonWriter writer, ReadOnlySpan<byte> arguments, int index)
    {
        if (arguments.IsEmpty || IsNull(arguments) || IsEmptyString(arguments))
        {
            writer.WriteRawValue("{}"u8, skipInputValidation: true);
            return;
        }

        if (arguments[0] == (byte)'{')
        {
            // Some clients send the object itself.
            writer.WriteRawValue(arguments);
            return;
        }

        var reader = new Utf8JsonReader(arguments);
        reader.Read();
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new AnthropicTranslationException($"messages[{index}].tool_calls[].function.arguments must be a string of JSON.", "messages");
        }

        var rented = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
        try
        {
            var length = reader.CopyString(rented);
            var text = rented.AsSpan(0, length).Trim(" \t\r\n"u8);
            if (text.IsEmpty || text[0] != (byte)'{')
            {
                throw new AnthropicTranslationException($"messages[{index}].tool_calls[].function.arguments must be a JSON object.", "messages");
            }

            try
            {
                writer.WriteRawValue(text);
            }
            catch (JsonException)
            {
                throw new AnthropicTranslationException($"messages[{index}].tool_calls[].function.arguments is not valid JSON.", "messages");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void WriteToolResult(Utf8JsonWriter writer, ref MessageMerger open, ReadOnlySpan<byte> message, ChatMessageFields parts, int index)
    {
        if (parts.ToolCallId is not { } idRange || message[idRange][0] != (byte)'"' || IsEmptyString(message[idRange]))
        {
            throw new AnthropicTranslationException($"messages[{index}] (role tool) needs a 'tool_call_id'.", "messages");
        }

        open.Ensure(writer, "user");
        writer.WriteStartObject();
        writer.WriteString("type", "tool_result");
        writer.WritePropertyName("tool_use_id");
        writer.WriteRawValue(message[idRange], skipInputValidation: true);
        if (parts.Content is { } content)
        {
            var json = message[content];
            if (json[0] == (byte)'"' && !IsEmptyString(json))
            {
                writer.WritePropertyName("content");
                WriteString(writer, json);
            }
            else if (json[0] == (byte)'[')
            {
                var wrote = false;
                var reader = new Utf8JsonReader(json);
                reader.Read();
                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    var partJson = json[start..(int)reader.BytesConsumed];
                    var part = ContentPartFields.Read(partJson);
                    if (part.Text is { } text && !IsEmptyString(partJson[text]))
                    {
                        if (!wrote)
                        {
                            writer.WriteStartArray("content");
                            wrote = true;
                        }

                        WriteTextBlock(writer, partJson[text], cacheControl: default);
                    }
                }

                if (wrote)
                {
                    writer.WriteEndArray();
                }
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteTextBlock(Utf8JsonWriter writer, ReadOnlySpan<byte> jsonString, ReadOnlySpan<byte> cacheControl)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "text");
        writer.WritePropertyName("text");
        WriteString(writer, jsonString);
        WriteCacheControl(writer, cacheControl);
        writer.WriteEndObject();
    }

    private static void WriteCacheControl(Utf8JsonWriter writer, ReadOnlySpan<byte> cacheControl)
    {
        if (!cacheControl.IsEmpty && cacheControl[0] == (byte)'{')
        {
            writer.WritePropertyName("cache_control");
            writer.WriteRawValue(cacheControl);
        }
    }

    /// <summary><c>image_url</c>: <c>{"url": …, "detail": …}</c> or (some clients) the URL string itself.</summary>
    private static void WriteImageBlock(Utf8JsonWriter writer, ReadOnlySpan<byte> imageUrl, ReadOnlySpan<byte> cacheControl, int index)
    {
        var urlJson = imageUrl[0] == (byte)'{' ? PropertyOf(imageUrl, "url"u8) : imageUrl;
        var url = urlJson.IsEmpty || urlJson[0] != (byte)'"' ? null : StringValue(urlJson);
        writer.WriteStartObject();
        writer.WriteString("type", "image");
        writer.WriteStartObject("source");
        if (url is not null && DataUrl.TryParse(url, out var mediaType, out var data))
        {
            writer.WriteString("type", "base64");
            writer.WriteString("media_type", mediaType);
            writer.WriteString("data", data.Span);
        }
        else if (url is not null && (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)))
        {
            writer.WriteString("type", "url");
            writer.WriteString("url", url);
        }
        else
        {
            throw new AnthropicTranslationException(
                $"messages[{index}]: image_url.url must be a base64 data: URL or an http(s) URL.", "messages");
        }

        writer.WriteEndObject();
        WriteCacheControl(writer, cacheControl);
        writer.WriteEndObject();
    }

    /// <summary>OpenAI's <c>file</c> part with inline <c>file_data</c> (a PDF data URL) → Anthropic's <c>document</c> block.</summary>
    private static void WriteDocumentBlock(Utf8JsonWriter writer, ReadOnlySpan<byte> file, ReadOnlySpan<byte> cacheControl, int index)
    {
        var dataJson = file[0] == (byte)'{' ? PropertyOf(file, "file_data"u8) : default;
        var dataUrl = dataJson.IsEmpty || dataJson[0] != (byte)'"' ? null : StringValue(dataJson);
        if (dataUrl is null || !DataUrl.TryParse(dataUrl, out var mediaType, out var data))
        {
            throw new AnthropicTranslationException(
                $"messages[{index}]: file parts need 'file.file_data' as a base64 data: URL for provider kind 'anthropic' (file_id is not supported).", "messages");
        }

        writer.WriteStartObject();
        writer.WriteString("type", "document");
        writer.WriteStartObject("source");
        writer.WriteString("type", "base64");
        writer.WriteString("media_type", mediaType);
        writer.WriteString("data", data.Span);
        writer.WriteEndObject();
        WriteCacheControl(writer, cacheControl);
        writer.WriteEndObject();
    }

    private static bool WriteTools(Utf8JsonWriter writer, ReadOnlySpan<byte> body, ChatRequestFields fields)
    {
        if (fields.Tools is not { } tools || body[tools][0] != (byte)'[')
        {
            return false;
        }

        var json = body[tools];
        var reader = new Utf8JsonReader(json);
        reader.Read();
        var any = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            var tool = json[start..(int)reader.BytesConsumed];
            var function = tool[0] == (byte)'{' ? PropertyOf(tool, "function"u8) : default;
            if (function.IsEmpty || function[0] != (byte)'{')
            {
                throw new AnthropicTranslationException("Only tools of type 'function' are supported by provider kind 'anthropic'.", "tools");
            }

            var name = PropertyOf(function, "name"u8);
            if (name.IsEmpty || name[0] != (byte)'"' || IsEmptyString(name))
            {
                throw new AnthropicTranslationException("Every tool needs a 'function.name'.", "tools");
            }

            if (!any)
            {
                writer.WriteStartArray("tools");
                any = true;
            }

            writer.WriteStartObject();
            writer.WritePropertyName("name");
            WriteString(writer, name);
            var description = PropertyOf(function, "description"u8);
            if (!description.IsEmpty && description[0] == (byte)'"')
            {
                writer.WritePropertyName("description");
                WriteString(writer, description);
            }

            writer.WritePropertyName("input_schema");
            var parameters = PropertyOf(function, "parameters"u8);
            if (!parameters.IsEmpty && parameters[0] == (byte)'{')
            {
                writer.WriteRawValue(parameters);
            }
            else
            {
                // A function without parameters: Anthropic still requires a schema.
                writer.WriteRawValue("""{"type":"object","properties":{}}"""u8, skipInputValidation: true);
            }

            WriteCacheControl(writer, PropertyOf(tool, "cache_control"u8));
            writer.WriteEndObject();
        }

        if (any)
        {
            writer.WriteEndArray();
        }

        return any;
    }

    private static void WriteToolChoice(Utf8JsonWriter writer, ReadOnlySpan<byte> body, ChatRequestFields fields)
    {
        var noParallel = fields.ParallelToolCalls is { } parallel && body[parallel].SequenceEqual("false"u8);
        string type = "auto";
        string? name = null;
        if (fields.ToolChoice is { } choice && !IsNull(body[choice]))
        {
            var json = body[choice];
            if (json[0] == (byte)'"')
            {
                type = StringValue(json) switch
                {
                    "auto" => "auto",
                    "none" => "none",
                    "required" => "any",
                    var other => throw new AnthropicTranslationException($"tool_choice '{other}' is not one of auto, none, required.", "tool_choice"),
                };
            }
            else if (json[0] == (byte)'{')
            {
                var function = PropertyOf(json, "function"u8);
                var nameJson = function.IsEmpty || function[0] != (byte)'{' ? default : PropertyOf(function, "name"u8);
                if (nameJson.IsEmpty || nameJson[0] != (byte)'"')
                {
                    throw new AnthropicTranslationException("tool_choice must name a function: {\"type\":\"function\",\"function\":{\"name\":…}}.", "tool_choice");
                }

                type = "tool";
                name = StringValue(nameJson);
            }
        }
        else if (!noParallel)
        {
            return; // Anthropic's default is auto
        }

        writer.WriteStartObject("tool_choice");
        writer.WriteString("type", type);
        if (name is not null)
        {
            writer.WriteString("name", name);
        }

        if (noParallel && type != "none")
        {
            writer.WriteBoolean("disable_parallel_tool_use", true);
        }

        writer.WriteEndObject();
    }

    private static void WriteStop(Utf8JsonWriter writer, ReadOnlySpan<byte> body, ChatRequestFields fields)
    {
        if (fields.Stop is not { } stop || IsNull(body[stop]))
        {
            return;
        }

        var json = body[stop];
        if (json[0] == (byte)'"')
        {
            writer.WriteStartArray("stop_sequences");
            WriteString(writer, json);
            writer.WriteEndArray();
            return;
        }

        if (json[0] != (byte)'[')
        {
            throw new AnthropicTranslationException("'stop' must be a string or an array of strings.", "stop");
        }

        var reader = new Utf8JsonReader(json);
        reader.Read();
        var open = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new AnthropicTranslationException("'stop' must be a string or an array of strings.", "stop");
            }

            if (!open)
            {
                writer.WriteStartArray("stop_sequences");
                open = true;
            }

            WriteString(writer, json[(int)reader.TokenStartIndex..(int)reader.BytesConsumed]);
        }

        if (open)
        {
            writer.WriteEndArray();
        }
    }

    private static void CopyNumber(Utf8JsonWriter writer, string name, ReadOnlySpan<byte> body, Range? range)
    {
        if (range is { } r && Number(body[r]) is not null)
        {
            writer.WritePropertyName(name);
            writer.WriteRawValue(body[r], skipInputValidation: true);
        }
    }

    /// <summary>Writes a JSON string token (quotes included) as a string value, unescaping only when it has escapes.</summary>
    private static void WriteString(Utf8JsonWriter writer, ReadOnlySpan<byte> jsonString)
    {
        var reader = new Utf8JsonReader(jsonString);
        reader.Read();
        if (!reader.ValueIsEscaped)
        {
            writer.WriteStringValue(reader.ValueSpan);
            return;
        }

        var rented = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
        try
        {
            var length = reader.CopyString(rented);
            writer.WriteStringValue(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static ReadOnlySpan<byte> PropertyOf(ReadOnlySpan<byte> json, ReadOnlySpan<byte> name)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return default;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(name);
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            if (match)
            {
                return json[start..(int)reader.BytesConsumed];
            }
        }

        return default;
    }

    private static string? StringValue(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
    }

    private static double? Number(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value) ? value : null;
    }

    private static bool IsNull(ReadOnlySpan<byte> json) => json.SequenceEqual("null"u8);

    private static bool IsEmptyString(ReadOnlySpan<byte> json) => json.SequenceEqual("\"\""u8);
}
