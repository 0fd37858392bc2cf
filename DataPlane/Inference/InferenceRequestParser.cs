using System.Text.Json;
using DataPlane.Errors;

namespace DataPlane.Inference;

/// <summary>
/// Reads the routing fields with one forward pass of <see cref="Utf8JsonReader"/>; everything else is skipped
/// (and later forwarded as the client sent it). Validates only what the gateway itself relies on.
/// </summary>
internal static class InferenceRequestParser
{
    public static InferenceRequest? Parse(InferenceOperation operation, ReadOnlyMemory<byte> body, out GatewayError? error)
    {
        error = null;
        string? model = null;
        var stream = false;
        var includeUsage = false;
        var itemCount = -1; // messages (chat), or prompt/input items; -1 = absent
        int? maxTokens = null;
        var itemsField = operation switch
        {
            InferenceOperation.ChatCompletions => "messages",
            InferenceOperation.Embeddings => "input",
            _ => "prompt",
        };
        var reader = new Utf8JsonReader(body.Span);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = GatewayError.InvalidRequest("The request body must be a JSON object.");
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("model"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        error = GatewayError.InvalidRequest("'model' must be a string.", "model");
                        return null;
                    }

                    model = reader.GetString();
                }
                else if (reader.ValueTextEquals("stream"u8))
                {
                    reader.Read();
                    if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null))
                    {
                        error = GatewayError.InvalidRequest("'stream' must be a boolean.", "stream");
                        return null;
                    }

                    stream = reader.TokenType == JsonTokenType.True;
                }
                else if (reader.ValueTextEquals("stream_options"u8))
                {
                    reader.Read();
                    includeUsage = ReadIncludeUsage(ref reader);
                }
                else if (reader.ValueTextEquals(itemsField))
                {
                    reader.Read();
                    itemCount = operation == InferenceOperation.ChatCompletions
                        ? CountMessages(ref reader, out error)
                        : CountItems(ref reader, itemsField, allowArray: operation != InferenceOperation.ImageGenerations, out error);
                    if (error is not null)
                    {
                        return null;
                    }
                }
                else if (reader.ValueTextEquals("max_tokens"u8) || reader.ValueTextEquals("max_completion_tokens"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value))
                    {
                        maxTokens = value;
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            // Anything after the object (a second value, garbage) makes the reader throw.
            reader.Read();
        }
        catch (JsonException ex)
        {
            error = GatewayError.InvalidJson(ex.Message);
            return null;
        }

        if (string.IsNullOrWhiteSpace(model))
        {
            error = GatewayError.InvalidRequest("'model' is required.", "model");
            return null;
        }

        if (itemCount <= 0)
        {
            error = operation switch
            {
                InferenceOperation.ChatCompletions => GatewayError.InvalidRequest("'messages' is required and must be a non-empty array.", "messages"),
                InferenceOperation.ImageGenerations => GatewayError.InvalidRequest("'prompt' is required and must be a non-empty string.", "prompt"),
                _ => GatewayError.InvalidRequest($"'{itemsField}' is required and must be a non-empty string or array.", itemsField),
            };
            return null;
        }

        // Embeddings never stream; stream_options only means something on a stream.
        stream &= operation != InferenceOperation.Embeddings;
        return new InferenceRequest(operation, body, model, stream, stream && includeUsage, itemCount, maxTokens);
    }

    private static bool ReadIncludeUsage(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return false;
        }

        var includeUsage = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isIncludeUsage = reader.ValueTextEquals("include_usage"u8);
            reader.Read();
            if (isIncludeUsage)
            {
                includeUsage = reader.TokenType == JsonTokenType.True;
            }

            reader.Skip();
        }

        return includeUsage;
    }

    private static int CountMessages(ref Utf8JsonReader reader, out GatewayError? error)
    {
        error = null;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            error = GatewayError.InvalidRequest("'messages' must be a non-empty array.", "messages");
            return -1;
        }

        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                error = GatewayError.InvalidRequest($"'messages[{count}]' must be an object.", $"messages[{count}]");
                return -1;
            }

            reader.Skip();
            count++;
        }

        return count;
    }

    /// <summary>A prompt/input: a non-empty string counts 1, an array counts its items (strings or token arrays).</summary>
    private static int CountItems(ref Utf8JsonReader reader, string field, bool allowArray, out GatewayError? error)
    {
        error = null;
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.ValueSpan.Length > 0 ? 1 : 0;
        }

        if (reader.TokenType != JsonTokenType.StartArray || !allowArray)
        {
            reader.Skip();
            error = GatewayError.InvalidRequest(
                allowArray ? $"'{field}' must be a string or an array." : $"'{field}' must be a string.", field);
            return -1;
        }

        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            reader.Skip();
            count++;
        }

        return count;
    }
}
