using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Contracts.Json;
using Contracts.Usage;
using LogIngestor.Ingestion;
using TestKit.Postgres;

namespace LogIngestor.Tests;

/// <summary>Guardrail verdicts (<c>UsageEvent.Guardrails</c>) through the real COPY writer into <c>request_logs.guardrails</c>.</summary>
public sealed class GuardrailStorageTests(PostgresServer server)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static readonly GuardrailVerdict[] Verdicts =
    [
        new()
        {
            Hook = "input", Guardrail = "pg-pii-123", Verdict = false, Action = "redacted", LatencyMs = 0.25,
            Checks =
            [
                new("portkey.pii", false, "found email ×2", 0.125, Transformed: true),
                new("default.regexMatch", true, null, 0.0625),
            ],
        },
        new()
        {
            Hook = "output", Guardrail = "inline:config.output_guardrails[0]", Verdict = false, Action = "denied", LatencyMs = 1.5,
            Checks = [new("default.contains", false, "contains none of the words", 1.5)],
        },
    ];

    [Fact]
    public async Task Write_EventWithGuardrailVerdicts_StoresThemAsASnakeCaseJsonArray_ThatReadsBackEqual()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        var sent = TestEvents.Valid() with { Guardrails = Verdicts };

        await db.CreateWriter().WriteAsync([sent], Cancellation);

        var text = await db.ScalarAsync<string>("SELECT guardrails::text FROM request_logs WHERE id = $1", sent.EventId);
        using var stored = JsonDocument.Parse(text);
        var first = stored.RootElement[0];
        // jsonb keeps its own key order: compare the names as a set.
        Assert.Equal(["action", "checks", "guardrail", "hook", "latency_ms", "verdict"], first.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("pg-pii-123", first.GetProperty("guardrail").GetString());
        Assert.False(first.GetProperty("verdict").GetBoolean());
        Assert.Equal("redacted", first.GetProperty("action").GetString());
        var check = first.GetProperty("checks")[0];
        Assert.Equal("portkey.pii", check.GetProperty("check").GetString());
        Assert.Equal("found email ×2", check.GetProperty("explanation").GetString());
        Assert.Equal(0.125, check.GetProperty("latency_ms").GetDouble());
        Assert.True(check.GetProperty("transformed").GetBoolean());
        // A check without an explanation has none stored (null is left out, as everywhere on the wire).
        Assert.False(first.GetProperty("checks")[1].TryGetProperty("explanation", out _));

        var readBack = JsonSerializer.Deserialize<List<GuardrailVerdict>>(text, ContractJson.Options)!;
        Assert.Equal(Verdicts.Length, readBack.Count);
        foreach (var (expected, actual) in Verdicts.Zip(readBack))
        {
            Assert.Equal(expected with { Checks = [] }, actual with { Checks = [] });
            Assert.Equal(expected.Checks, actual.Checks);
        }
    }

    [Fact]
    public async Task Write_EventWithoutGuardrails_StoresAnEmptyArray()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        var sent = TestEvents.Valid();

        await db.CreateWriter().WriteAsync([sent], Cancellation);

        Assert.Equal("[]", await db.ScalarAsync<string>("SELECT guardrails::text FROM request_logs WHERE id = $1", sent.EventId));
    }

    [Fact]
    public async Task Write_VerdictsWithNullEntriesNaNLatencyAndBadText_StoreTheRestAndTheWholeBatch()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        var odd = TestEvents.Valid() with
        {
            Guardrails =
            [
                null!,
                new()
                {
                    Hook = "input", Guardrail = "pg-a\0b", Verdict = true, Action = "passed", LatencyMs = double.NaN,
                    Checks = [null!, new("default.wordCount", true, "lone \ud800 surrogate", double.PositiveInfinity)],
                },
            ],
        };
        var plain = TestEvents.Valid() with { Guardrails = Verdicts };

        var result = await db.CreateWriter().WriteAsync([odd, plain], Cancellation);

        Assert.Equal(new(2, 0, 0), result);
        using var stored = JsonDocument.Parse(await db.ScalarAsync<string>("SELECT guardrails::text FROM request_logs WHERE id = $1", odd.EventId));
        var verdict = Assert.Single(stored.RootElement.EnumerateArray());
        Assert.Equal("pg-a\ufffdb", verdict.GetProperty("guardrail").GetString());
        Assert.Equal(0, verdict.GetProperty("latency_ms").GetDouble());
        var check = Assert.Single(verdict.GetProperty("checks").EnumerateArray());
        Assert.Equal("lone \ufffd surrogate", check.GetProperty("explanation").GetString());
        Assert.Equal(0, check.GetProperty("latency_ms").GetDouble());
    }

    [Fact]
    public async Task Stored_Verdicts_AreFoundByActionContainment()
    {
        await using var db = await AnalyticsDatabase.CreateAsync(server);
        var denied = TestEvents.Valid() with { Guardrails = Verdicts };
        var warned = TestEvents.Valid() with
        {
            Guardrails = [new() { Hook = "input", Guardrail = "pg-w", Verdict = false, Action = "warned" }],
        };
        var none = TestEvents.Valid();
        await db.CreateWriter().WriteAsync([denied, warned, none], Cancellation);

        Assert.Equal(
            [denied.EventId.ToString()],
            await db.StringsAsync("""SELECT id::text FROM request_logs WHERE guardrails @> '[{"action":"denied"}]'"""));
        Assert.Equal(
            [warned.EventId.ToString()],
            await db.StringsAsync("""SELECT id::text FROM request_logs WHERE guardrails @> '[{"action":"warned"}]'"""));
    }

    [Fact]
    public void Deserialize_VerdictMissingARequiredField_WithTheLenientModifier_KeepsTheEvent()
    {
        const string Batch = """
            {"events":[{"eventId":"6f1c1d52-8f1a-4d5e-9a53-4f7f8b1a2c3d","traceId":"t","timestamp":"2026-01-02T03:04:05Z",
              "path":"/v1/chat/completions","status":200,"guardrails":[{"guardrail":"pg-x","verdict":false}]}]}
            """;
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            TypeInfoResolver = new DefaultJsonTypeInfoResolver().WithAddedModifier(LenientUsageEventJson.Modify),
        };

        var usage = Assert.Single(JsonSerializer.Deserialize<UsageEventBatch>(Batch, options)!.Events);

        var verdict = Assert.Single(usage.Guardrails);
        Assert.Equal("pg-x", verdict.Guardrail);
        Assert.Null(verdict.Action);
    }
}
