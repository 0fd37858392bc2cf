using System.Text.Json;

namespace DataPlane.Providers.Google;

/// <summary>
/// Writes Gemini <c>contents</c> part by part, merging consecutive parts of the same role into one turn
/// (a user message after tool results, several tool results in a row) and never opening an empty turn.
/// </summary>
internal sealed class GeminiTurns(Utf8JsonWriter writer)
{
    private string? _openRole;

    /// <summary>Opens a part object of <paramref name="role"/>; the caller writes its fields and <c>WriteEndObject()</c>.</summary>
    public void BeginPart(string role)
    {
        if (!string.Equals(_openRole, role, StringComparison.Ordinal))
        {
            Close();
            writer.WriteStartObject();
            writer.WriteString("role", role);
            writer.WriteStartArray("parts");
            _openRole = role;
        }

        writer.WriteStartObject();
    }

    public void Close()
    {
        if (_openRole is null)
        {
            return;
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        _openRole = null;
    }
}
