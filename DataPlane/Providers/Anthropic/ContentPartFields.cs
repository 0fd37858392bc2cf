using System.Text.Json;

namespace DataPlane.Providers.Anthropic;

/// <summary>One OpenAI content part's fields (<c>type</c>, <c>text</c>, <c>image_url</c>, <c>file</c>, <c>cache_control</c>…); ranges are of <see cref="Json"/>.</summary>
internal readonly ref struct ContentPartFields
{
    public ReadOnlySpan<byte> Json { get; init; }
    public string? Type { get; init; }
    public Range? Text { get; init; }
    public Range? Refusal { get; init; }
    public Range? ImageUrl { get; init; }
    public Range? File { get; init; }
    public Range? CacheControl { get; init; }

    public static ContentPartFields Read(ReadOnlySpan<byte> part)
    {
        string? type = null;
        Range? text = null, refusal = null, imageUrl = null, file = null, cacheControl = null;
        var reader = new Utf8JsonReader(part);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = reader.TokenType != JsonTokenType.String ? null
                    : reader.ValueTextEquals("text"u8) ? "text"
                    : reader.ValueTextEquals("image_url"u8) ? "image_url"
                    : reader.ValueTextEquals("file"u8) ? "file"
                    : reader.GetString();
                continue;
            }

            var which = reader.ValueTextEquals("text"u8) ? 1
                : reader.ValueTextEquals("image_url"u8) ? 2
                : reader.ValueTextEquals("file"u8) ? 3
                : reader.ValueTextEquals("cache_control"u8) ? 4
                : reader.ValueTextEquals("refusal"u8) ? 5
                : 0;
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            Range range = start..(int)reader.BytesConsumed;
            switch (which)
            {
                case 1 when part[range][0] == (byte)'"':
                    text = range;
                    break;
                case 2:
                    imageUrl = range;
                    break;
                case 3:
                    file = range;
                    break;
                case 4:
                    cacheControl = range;
                    break;
                case 5 when part[range][0] == (byte)'"':
                    refusal = range;
                    break;
            }
        }

        return new ContentPartFields { Json = part, Type = type, Text = text, Refusal = refusal, ImageUrl = imageUrl, File = file, CacheControl = cacheControl };
    }
}
