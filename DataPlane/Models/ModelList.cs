using System.Text.Json.Serialization;

namespace DataPlane.Models;

/// <summary>OpenAI's model list: <c>{"object":"list","data":[…]}</c>.</summary>
internal sealed record ModelList([property: JsonPropertyName("data")] IReadOnlyList<ModelInfo> Data)
{
    [JsonPropertyName("object")]
    public string Object => "list";
}
