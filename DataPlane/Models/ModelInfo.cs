using System.Text.Json.Serialization;

namespace DataPlane.Models;

/// <summary>One model as OpenAI lists it; the id is <c>@slug/model</c>.</summary>
internal sealed record ModelInfo(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("owned_by")] string OwnedBy)
{
    [JsonPropertyName("object")]
    public string Object => "model";

    [JsonPropertyName("created")]
    public long Created => 0;
}
