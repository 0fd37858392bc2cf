using System.Text.Json;

namespace DataPlane.Providers.Anthropic;

/// <summary>
/// The Anthropic message being written: blocks of one role go into one message until the role changes, since
/// Anthropic requires user and assistant turns to alternate (consecutive OpenAI messages of a role, and tool
/// results, are merged). A message is opened only with its first block, so empty messages vanish.
/// </summary>
internal struct MessageMerger
{
    private string? _role;
    private bool _any;

    public void Ensure(Utf8JsonWriter writer, string role)
    {
        if (_role == role)
        {
            return;
        }

        if (_role is not null)
        {
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteStartObject();
        writer.WriteString("role", role);
        writer.WriteStartArray("content");
        _role = role;
        _any = true;
    }

    /// <returns>Whether any message was written.</returns>
    public bool Close(Utf8JsonWriter writer)
    {
        if (_role is not null)
        {
            writer.WriteEndArray();
            writer.WriteEndObject();
            _role = null;
        }

        return _any;
    }
}
