using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Contracts.Guardrails;
using DataPlane.Guardrails.Checks;

namespace GuardrailBench;

/// <summary>
/// A typical input check set — PII with redaction, a deny-list of words, a prompt-injection regex, word and character
/// bounds — on a chat request whose texts total 1 KB: prose with numbers and dates (clean), and the same with an email,
/// a phone number and a card number in it (three redactions).
/// </summary>
[MemoryDiagnoser]
public class InputChecks
{
    private readonly CheckServices _services = new(new HttpClient(), TimeProvider.System);
    private GuardrailCheck[] _checks = [];
    private string[] _texts = [];

    [Params("clean", "with-pii")]
    public string Text { get; set; } = "clean";

    [GlobalSetup]
    public void Setup()
    {
        _checks =
        [
            Compile(GuardrailChecks.Pii, """{ "redact": true }"""),
            Compile(GuardrailChecks.Contains, """{ "words": ["password", "ssn", "credit card", "confidential", "internal only"], "operator": "none" }"""),
            Compile(GuardrailChecks.RegexMatch, """{ "rule": "(?i)ignore (all )?previous instructions", "not": true }"""),
            Compile(GuardrailChecks.WordCount, """{ "maxWords": 2000 }"""),
            Compile(GuardrailChecks.CharacterCount, """{ "maxCharacters": 20000 }"""),
        ];
        const string System = "You are a helpful assistant for the finance team. Answer briefly.";
        var prose = new StringBuilder();
        while (prose.Length < 1024 - System.Length)
        {
            prose.Append("The quarterly report for Q3 2025 covers revenue of 4.2 million, churn of 3.1% and 12 new hires; ")
                .Append("the review is on 2025-11-03 at 10:30, see section 4.2.1 of the plan. ");
        }

        var user = prose.ToString(0, 1024 - System.Length);
        if (Text == "with-pii")
        {
            const string Pii = " Reach me at jane.doe@example.com or +44 20 7946 0958; card 4111 1111 1111 1111.";
            user = user[..^Pii.Length] + Pii;
        }

        _texts = [System, user];
    }

    [Benchmark]
    public async Task<bool> TypicalInputSet()
    {
        var input = new CheckInput
        {
            Texts = _texts,
            Model = "gpt-4o-mini",
            Metadata = new Dictionary<string, string>(),
            IsOutput = false,
            Redaction = new RedactionState(),
        };
        var passed = true;
        foreach (var check in _checks)
        {
            var outcome = await check.EvaluateAsync(input, CancellationToken.None);
            passed &= outcome.Verdict;
            if (outcome.RedactedTexts is { } redacted)
            {
                // What the engine does: the next check reads the redacted texts.
                input = new CheckInput { Texts = redacted, Model = input.Model, Metadata = input.Metadata, IsOutput = false, Redaction = input.Redaction };
            }
        }

        return passed;
    }

    private GuardrailCheck Compile(string id, string parameters) =>
        CheckCompiler.Compile(id, JsonDocument.Parse(parameters).RootElement, _services);
}
