using System.Text.Json;
using System.Text.Json.Serialization;

namespace Contracts.Json;

/// <summary>JSON settings for everything that crosses a wire: snake_case, as the public contract.</summary>
public static class ContractJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
