using System.Text.Json;
using Contracts.Json;
using Contracts.Pricing;
using Contracts.Snapshots;

namespace Contracts.Tests;

public sealed class GatewaySnapshotPricesTests
{
    [Fact]
    public void Prices_RoundTripInSnakeCase()
    {
        var snapshot = new GatewaySnapshot
        {
            Version = 1,
            CreatedAt = DateTimeOffset.UnixEpoch,
            Prices = [new ModelPriceEntry("openai", "gpt-4o", 2.5m, 10m, 1.25m), new ModelPriceEntry("groq", "x", 0.1m, 0.2m)],
        };
        var json = JsonSerializer.Serialize(snapshot, ContractJson.Options);
        Assert.Contains("""{"ai_provider":"openai","model":"gpt-4o","input_per_million":2.5,"output_per_million":10,"cached_input_per_million":1.25}""", json, StringComparison.Ordinal);
        Assert.Equal(snapshot.Prices, JsonSerializer.Deserialize<GatewaySnapshot>(json, ContractJson.Options)!.Prices);
    }

    [Fact]
    public void SnapshotWithoutPrices_ReadsAsNoOverrides() =>
        Assert.Empty(JsonSerializer.Deserialize<GatewaySnapshot>("""{"version":1,"created_at":"2025-01-01T00:00:00Z"}""", ContractJson.Options)!.Prices);
}
