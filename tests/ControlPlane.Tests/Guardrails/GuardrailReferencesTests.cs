using System.Text.Json;
using ControlPlane.Guardrails;

namespace ControlPlane.Tests.Guardrails;

public sealed class GuardrailReferencesTests
{
    [Fact]
    public void InConfig_FindsSavedIdsAtEveryLevelWithTheirPaths_AndSkipsInlineObjects()
    {
        using var config = JsonDocument.Parse("""
            {"input_guardrails": ["pg-aaaaaaaaaaaa", {"default.contains": {"words": ["x"]}}],
             "targets": [
               {"provider": "@a", "output_guardrails": ["pg-bbbbbbbbbbbb"]},
               {"targets": [{"provider": "@b", "input_guardrails": [{"deny": true, "portkey.pii": {}}, "pg-cccccccccccc"]}]}
             ]}
            """);

        var references = GuardrailReferences.InConfig(config.RootElement, "config").ToList();

        Assert.Equal(
            [
                new GuardrailReference("config.input_guardrails[0]", "pg-aaaaaaaaaaaa"),
                new GuardrailReference("config.targets[0].output_guardrails[0]", "pg-bbbbbbbbbbbb"),
                new GuardrailReference("config.targets[1].targets[0].input_guardrails[1]", "pg-cccccccccccc"),
            ],
            references);
    }

    [Fact]
    public void InConfig_WithoutGuardrailsOrWithWrongShapes_FindsNothing()
    {
        using var config = JsonDocument.Parse("""{"input_guardrails": "pg-aaaaaaaaaaaa", "targets": {"provider": "@a"}, "provider": "pg-bbbbbbbbbbbb"}""");

        Assert.Empty(GuardrailReferences.InConfig(config.RootElement, "config"));
    }
}
