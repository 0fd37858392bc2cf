using System.Text;
using System.Text.Json;
using DataPlane.Providers.OpenAiFormat;
using DataPlane.Providers.Tokens;

namespace DataPlane.Providers.Google;

/// <summary>
/// One forward pass (<see cref="Utf8JsonReader"/>) over a Gemini <c>GenerateContentResponse</c>:
/// <c>candidates[].content.parts</c> (text, <c>functionCall</c> with its <c>thoughtSignature</c>; <c>thought</c> parts
/// are reasoning summaries and are left out), <c>finishReason</c>, <c>usageMetadata</c>, <c>promptFeedback.blockReason</c>,
/// <c>responseId</c>, and an <c>error</c> object. Visible text and call arguments also go to <paramref name="text"/>
/// so the tokenizer can count them when no usage comes.
/// </summary>
internal static class GeminiResponseReader
{
    /// <exception cref="JsonException">The payload is not a JSON object of that shape.</exception>
    public static GeminiResponse Read(ReadOnlySpan<byte> json, UsageAccumulator? text = null)
    {
        var reader = new Utf8JsonReader(json);
        var response = new GeminiResponse();
        Expect(ref reader, JsonTokenType.StartObject);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("candidates"u8))
            {
                reader.Read();
                ReadCandidates(ref reader, json, response, text);
            }
            else if (reader.ValueTextEquals("usageMetadata"u8))
            {
                reader.Read();
                response.Usage = ReadUsage(ref reader);
            }
            else if (reader.ValueTextEquals("promptFeedback"u8))
            {
                reader.Read();
                response.BlockReason = ReadStringField(ref reader, "blockReason"u8);
            }
            else if (reader.ValueTextEquals("responseId"u8))
            {
                reader.Read();
                response.ResponseId = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                response.Error = ReadError(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return response;
    }

    /// <summary>Reads an error object (the reader on its start); other values read as an error without details.</summary>
    public static GeminiError ReadError(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return new GeminiError(null, null, null);
        }

        int? code = null;
        string? message = null, status = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("code"u8))
            {
                reader.Read();
                code = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : null;
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                message = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("status"u8))
            {
                reader.Read();
                status = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new GeminiError(code, message, status);
    }

    private static void ReadCandidates(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, GeminiResponse response, UsageAccumulator? text)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        var position = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Expect(ref reader, JsonTokenType.StartObject, alreadyRead: true);
            int? index = null;
            var candidate = new GeminiCandidate(position);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("content"u8))
                {
                    reader.Read();
                    ReadContent(ref reader, json, candidate, text);
                }
                else if (reader.ValueTextEquals("finishReason"u8))
                {
                    reader.Read();
                    candidate.FinishReason = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("index"u8))
                {
                    reader.Read();
                    index = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : null;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            candidate.Index = index ?? position;
            response.Candidates.Add(candidate);
            position++;
        }
    }

    private static void ReadContent(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, GeminiCandidate candidate, UsageAccumulator? text)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isParts = reader.ValueTextEquals("parts"u8);
            reader.Read();
            if (!isParts || reader.TokenType != JsonTokenType.StartArray)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                ReadPart(ref reader, json, candidate, text);
            }
        }
    }

    private static void ReadPart(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, GeminiCandidate candidate, UsageAccumulator? text)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        string? partText = null, name = null, arguments = null, signature = null;
        var thought = false;
        var isCall = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("text"u8))
            {
                reader.Read();
                partText = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("thought"u8))
            {
                reader.Read();
                thought = reader.TokenType == JsonTokenType.True;
            }
            else if (reader.ValueTextEquals("thoughtSignature"u8))
            {
                reader.Read();
                signature = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("functionCall"u8))
            {
                reader.Read();
                isCall = true;
                (name, arguments) = ReadFunctionCall(ref reader, json);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (isCall && name is not null)
        {
            candidate.AddToolCall(new ToolCall(GeminiToolCallIds.New(signature), name, arguments ?? "{}"));
            text?.AppendText(Encoding.UTF8.GetBytes(name));
            text?.AppendText(Encoding.UTF8.GetBytes(arguments ?? ""));
        }
        else if (partText is not null && !thought)
        {
            candidate.AppendText(partText);
            text?.AppendText(Encoding.UTF8.GetBytes(partText));
        }
    }

    /// <summary>The function name and its <c>args</c> as JSON text, copied as Gemini sent them.</summary>
    private static (string? Name, string? Arguments) ReadFunctionCall(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return (null, null);
        }

        string? name = null, arguments = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                name = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("args"u8))
            {
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                var isObject = reader.TokenType == JsonTokenType.StartObject;
                reader.Skip();
                if (isObject)
                {
                    arguments = Encoding.UTF8.GetString(json[start..(int)reader.BytesConsumed]);
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return (name, arguments);
    }

    /// <summary>
    /// <c>usageMetadata</c>: prompt = <c>promptTokenCount</c> (+ <c>toolUsePromptTokenCount</c>), completion =
    /// <c>candidatesTokenCount</c> + <c>thoughtsTokenCount</c> (thinking is billed as output), cached = <c>cachedContentTokenCount</c>
    /// (already part of the prompt count, as OpenAI's cached_tokens are).
    /// </summary>
    private static ReportedUsage ReadUsage(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return default;
        }

        int? prompt = null, candidates = null, thoughts = null, toolPrompt = null, cached = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            ref int? target = ref prompt;
            var known = true;
            if (reader.ValueTextEquals("promptTokenCount"u8))
            {
                target = ref prompt;
            }
            else if (reader.ValueTextEquals("candidatesTokenCount"u8))
            {
                target = ref candidates;
            }
            else if (reader.ValueTextEquals("thoughtsTokenCount"u8))
            {
                target = ref thoughts;
            }
            else if (reader.ValueTextEquals("toolUsePromptTokenCount"u8))
            {
                target = ref toolPrompt;
            }
            else if (reader.ValueTextEquals("cachedContentTokenCount"u8))
            {
                target = ref cached;
            }
            else
            {
                known = false;
            }

            reader.Read();
            if (known && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value))
            {
                target = value;
            }
            else
            {
                reader.Skip();
            }
        }

        int? completion = candidates is null && thoughts is null ? null : (candidates ?? 0) + (thoughts ?? 0);
        int? promptTotal = prompt is null ? null : prompt + (toolPrompt ?? 0);
        return new ReportedUsage(promptTotal, completion, cached);
    }

    private static string? ReadStringField(ref Utf8JsonReader reader, ReadOnlySpan<byte> field)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        string? value = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(field);
            reader.Read();
            if (match && reader.TokenType == JsonTokenType.String)
            {
                value = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }

        return value;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, bool alreadyRead = false)
    {
        if ((!alreadyRead && !reader.Read()) || reader.TokenType != type)
        {
            throw new JsonException($"Expected {type} at byte {reader.TokenStartIndex}.");
        }
    }
}
