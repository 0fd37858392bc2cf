using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using DataPlane.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using TestKit.FakeProviders;

namespace DataPlane.Tests.Routing;

/// <summary>What a routed request leaves in OpenTelemetry: a span per attempt, GenAI metrics and the gateway's counters.</summary>
public sealed class TelemetryTests(RoutingFixture fixture) : RoutingTestBase(fixture), IClassFixture<RoutingFixture>
{
    private const string PrimaryThenSecondary = """
        {"retry":{"attempts":1,"on_status_codes":[503]},"strategy":{"mode":"fallback"},"targets":[{"provider":"@primary"},{"provider":"@secondary"}]}
        """;

    [Fact]
    public async Task EveryAttempt_IsASpanInTheRequestsTrace()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            // The name, not GatewayActivities.Source: creating that source asks this listener, inside its type initializer.
            ShouldListenTo = source => source.Name == GatewayActivities.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == traceId)
                {
                    spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        Primary.EnqueueFault(FakeFault.Status(503, "busy", "server_error"));
        Primary.EnqueueFault(FakeFault.Status(500, "boom", "server_error"));
        var (response, _) = await SendAsync(PrimaryThenSecondary, headers: ("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01"));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);

        var attempts = spans.Where(s => s.OperationName == GatewayActivities.Attempt).OrderBy(s => s.StartTimeUtc).ToList();
        Assert.Equal(["config.targets[0]", "config.targets[0]", "config.targets[1]"], attempts.Select(s => (string?)s.GetTagItem("gateway.option_index")));
        Assert.Equal([503, 500, 200], attempts.Select(s => (int)s.GetTagItem("http.response.status_code")!));
        Assert.Equal([ActivityStatusCode.Error, ActivityStatusCode.Error, ActivityStatusCode.Unset], attempts.Select(s => s.Status));
        Assert.All(attempts, s => Assert.Equal("openai", s.GetTagItem("gen_ai.system")));
    }

    [Fact]
    public async Task ARequest_RecordsGenAiTokenUsage_AndTheGatewaysRetryAndFallbackCounters()
    {
        var meterFactory = Factory.Services.GetRequiredService<IMeterFactory>();
        var measurements = new ConcurrentQueue<(string Instrument, long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                // Only this data plane's meter: other test classes run their own in the same process.
                if (instrument.Meter.Name == InferenceMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meterFactory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            measurements.Enqueue((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        listener.Start();

        Primary.EnqueueFault(FakeFault.Status(503, "busy", "server_error"));
        Primary.EnqueueFault(FakeFault.Status(500, "boom", "server_error"));
        var (response, _) = await SendAsync(PrimaryThenSecondary);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        listener.Dispose();

        var tokens = measurements.Where(m => m.Instrument == "gen_ai.client.token.usage" && (string?)m.Tags["gen_ai.request.model"] == "gpt-4o").ToList();
        Assert.Contains(tokens, m => (string?)m.Tags["gen_ai.token.type"] == "input" && m.Value > 0 && (string?)m.Tags["gen_ai.system"] == "openai");
        Assert.Contains(tokens, m => (string?)m.Tags["gen_ai.token.type"] == "output" && m.Value > 0);
        Assert.Contains(measurements, m => m.Instrument == "gateway.retries" && m.Value == 1);
        Assert.Contains(measurements, m => m.Instrument == "gateway.fallbacks" && m.Value == 1);
        Assert.Contains(measurements, m => m.Instrument == "gateway.requests" && m.Tags["http.response.status_code"] is 200);
    }
}
