using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Contracts.Usage;
using LogIngestor.Ingestion;

namespace LogIngestor.Tests;

public sealed class LenientUsageEventJsonTests
{
    private const string BatchMissingTraceId =
        """{"events":[{"eventId":"6f1c1d52-8f1a-4d5e-9a53-4f7f8b1a2c3d","timestamp":"2026-01-02T03:04:05Z","path":"/v1/chat/completions","status":200}]}""";

    private static JsonSerializerOptions Options(bool lenient) => new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = lenient
            ? new DefaultJsonTypeInfoResolver().WithAddedModifier(LenientUsageEventJson.Modify)
            : new DefaultJsonTypeInfoResolver(),
    };

    [Fact]
    public void Deserialize_EventMissingARequiredField_WithoutTheModifier_FailsTheWholeBatch()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<UsageEventBatch>(BatchMissingTraceId, Options(lenient: false)));
    }

    [Fact]
    public void Deserialize_EventMissingARequiredField_WithTheModifier_ReadsItForTheValidatorToReject()
    {
        var batch = JsonSerializer.Deserialize<UsageEventBatch>(BatchMissingTraceId, Options(lenient: true));

        var usage = Assert.Single(batch!.Events);
        Assert.Null(usage.TraceId);
        Assert.Equal("trace_id is missing", UsageEventValidator.Validate(usage, DateTimeOffset.Parse("2026-01-02T04:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
