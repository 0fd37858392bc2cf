using System.Text.Json;
using ControlPlane.Guardrails;

namespace ControlPlane.Tests.Guardrails;

public sealed class WebhookHeaderSecretsTests
{
    private const string Stored = """
        {"default.webhook": {"webhookURL": "https://checks.example.com", "headers": {"Authorization": "Bearer s3cret", "X-Team": "blue"}}, "deny": true}
        """;

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static JsonElement Headers(JsonElement definition) => definition.GetProperty("default.webhook").GetProperty("headers");

    [Fact]
    public void Masked_HidesEveryHeaderValue_AndKeepsTheRest()
    {
        var masked = WebhookHeaderSecrets.Masked(Json(Stored));

        Assert.Equal(WebhookHeaderSecrets.Mask, Headers(masked).GetProperty("Authorization").GetString());
        Assert.Equal(WebhookHeaderSecrets.Mask, Headers(masked).GetProperty("X-Team").GetString());
        Assert.DoesNotContain("s3cret", masked.GetRawText());
        Assert.Equal("https://checks.example.com", masked.GetProperty("default.webhook").GetProperty("webhookURL").GetString());
        Assert.True(masked.GetProperty("deny").GetBoolean());
    }

    [Fact]
    public void KeepStored_PutsBackTheStoredValueOfAMaskedHeader_AndTakesNewValuesAsWritten()
    {
        var edited = Json("""
            {"default.webhook": {"webhookURL": "https://checks.example.com/v2", "headers": {"Authorization": "********", "X-Team": "green", "X-New": "********"}}}
            """);

        var kept = Headers(WebhookHeaderSecrets.KeepStored(edited, Stored));

        Assert.Equal("Bearer s3cret", kept.GetProperty("Authorization").GetString());
        Assert.Equal("green", kept.GetProperty("X-Team").GetString());
        // Nothing stored under that name: the mask is what was written.
        Assert.Equal(WebhookHeaderSecrets.Mask, kept.GetProperty("X-New").GetString());
    }

    [Fact]
    public void ADefinitionWithoutAWebhook_PassesUnchanged()
    {
        var definition = Json("""{"portkey.pii": {"redact": true}}""");

        Assert.Equal(definition.GetRawText(), WebhookHeaderSecrets.Masked(definition).GetRawText());
        Assert.Equal(definition.GetRawText(), WebhookHeaderSecrets.KeepStored(definition, Stored).GetRawText());
    }
}
