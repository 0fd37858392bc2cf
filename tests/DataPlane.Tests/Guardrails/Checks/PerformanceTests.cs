using System.Diagnostics;
using System.Text;
using Contracts.Guardrails;
using DataPlane.Guardrails.Checks;
using static DataPlane.Tests.Guardrails.Checks.CheckRunner;

namespace DataPlane.Tests.Guardrails.Checks;

/// <summary>A rough cost of a typical input check set on 1 KB of text (the lead's bench/ has the real numbers).</summary>
public sealed class PerformanceTests
{
    [Fact]
    public async Task TypicalCheckSet_On1KB_ReportsCostPerRun()
    {
        var checks = new[]
        {
            Compile(GuardrailChecks.Pii, """{ "redact": true }"""),
            Compile(GuardrailChecks.Contains, """{ "words": ["password", "ssn", "credit card", "confidential", "internal only"], "operator": "none" }"""),
            Compile(GuardrailChecks.RegexMatch, """{ "rule": "(?i)ignore (all )?previous instructions", "not": true }"""),
            Compile(GuardrailChecks.WordCount, """{ "maxWords": 2000 }"""),
            Compile(GuardrailChecks.CharacterCount, """{ "maxCharacters": 20000 }"""),
        };
        var text = new StringBuilder();
        while (text.Length < 1024)
        {
            text.Append("The quarterly report covers revenue, churn and hiring plans for 2025; contact the team lead for details. ");
        }

        var texts = new[] { "You are a helpful assistant.", text.ToString(0, 1024 - 28) };
        const int Iterations = 2000;
        var cancellationToken = TestContext.Current.CancellationToken;
        for (var warmup = 0; warmup < 200; warmup++)
        {
            foreach (var check in checks)
            {
                await check.EvaluateAsync(Input(texts), cancellationToken);
            }
        }

        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < Iterations; i++)
        {
            var input = Input(texts);
            foreach (var check in checks)
            {
                Assert.True((await check.EvaluateAsync(input, cancellationToken)).Verdict);
            }
        }

        stopwatch.Stop();
        var microseconds = stopwatch.Elapsed.TotalMicroseconds / Iterations;
        TestContext.Current.TestOutputHelper!.WriteLine($"typical input check set on 1 KB: {microseconds:F1} µs per run");
        foreach (var check in checks)
        {
            var each = Stopwatch.StartNew();
            for (var i = 0; i < Iterations; i++)
            {
                await check.EvaluateAsync(Input(texts), cancellationToken);
            }

            TestContext.Current.TestOutputHelper!.WriteLine($"  {check.Id}: {each.Elapsed.TotalMicroseconds / Iterations:F1} µs");
        }

        // A loose bound so a slow CI box does not flake; the target (≤ 50 µs) is measured in bench/.
        Assert.True(microseconds < 2000, $"{microseconds:F1} µs per run");
    }
}
