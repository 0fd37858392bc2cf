using System.Text.Json;
using DataPlane.Guardrails.Checks;

namespace DataPlane.Tests.Guardrails.Checks;

/// <summary>Compiles a check from its JSON parameters and runs it on texts, as the engine does.</summary>
internal static class CheckRunner
{
    private static readonly CheckServices NoWebhook = new(new HttpClient(), TimeProvider.System);

    public static GuardrailCheck Compile(string id, string parameters, CheckServices? services = null)
    {
        using var document = JsonDocument.Parse(parameters);
        return CheckCompiler.Compile(id, document.RootElement.Clone(), services ?? NoWebhook);
    }

    public static CheckInput Input(
        IReadOnlyList<string> texts,
        RedactionState? redaction = null,
        string model = "gpt-4o",
        IReadOnlyDictionary<string, string>? metadata = null,
        bool isOutput = false) => new()
    {
        Texts = texts,
        Model = model,
        Metadata = metadata ?? new Dictionary<string, string>(),
        IsOutput = isOutput,
        Redaction = redaction ?? new RedactionState(),
    };

    public static async Task<CheckOutcome> RunAsync(string id, string parameters, params string[] texts) =>
        await Compile(id, parameters).EvaluateAsync(Input(texts), TestContext.Current.CancellationToken);

    public static async Task<CheckOutcome> RunAsync(GuardrailCheck check, CheckInput input) =>
        await check.EvaluateAsync(input, TestContext.Current.CancellationToken);
}
