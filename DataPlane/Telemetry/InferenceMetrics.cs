using System.Diagnostics.Metrics;
using DataPlane.Inference;

namespace DataPlane.Telemetry;

/// <summary>
/// Meter <c>Gateway.Inference</c>: the OpenTelemetry GenAI client metrics (<c>gen_ai.client.token.usage</c>,
/// <c>gen_ai.client.operation.duration</c>, with <c>gen_ai.system</c> = the provider kind and <c>gen_ai.request.model</c>) and
/// the gateway's own: requests by status, cache outcomes, retries and fallbacks. Recorded once per request, when its
/// usage event is made. Tags are bounded: provider kinds, model ids, statuses — never keys, users or metadata.
/// </summary>
internal sealed class InferenceMetrics
{
    public const string MeterName = "Gateway.Inference";

    private readonly Histogram<long> _tokens;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _cache;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _fallbacks;

    public InferenceMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _tokens = meter.CreateHistogram<long>("gen_ai.client.token.usage", "{token}", "Tokens used per request, by input and output");
        _duration = meter.CreateHistogram<double>("gen_ai.client.operation.duration", "s", "Time from the client's request to the end of the answer");
        _requests = meter.CreateCounter<long>("gateway.requests", "{request}", "Inference requests by status");
        _cache = meter.CreateCounter<long>("gateway.cache.requests", "{request}", "Requests that consulted the response cache, by outcome");
        _retries = meter.CreateCounter<long>("gateway.retries", "{retry}", "Retries of a target after a failed try");
        _fallbacks = meter.CreateCounter<long>("gateway.fallbacks", "{request}", "Requests answered by another target than the first one tried");
    }

    public void Record(in InferenceMeasurement measurement)
    {
        var operation = OperationName(measurement.Operation);
        var system = measurement.ProviderKind ?? "none";
        var model = measurement.Model ?? "none";
        _requests.Add(1, new("http.response.status_code", measurement.Status), new("gen_ai.system", system));
        if (measurement.ProviderKind is not null)
        {
            _duration.Record(measurement.DurationSeconds, new("gen_ai.operation.name", operation), new("gen_ai.system", system),
                new("gen_ai.request.model", model), new("error.type", measurement.ErrorType));
            if (measurement.InputTokens + measurement.OutputTokens > 0)
            {
                _tokens.Record(measurement.InputTokens, new("gen_ai.operation.name", operation), new("gen_ai.system", system),
                    new("gen_ai.request.model", model), new("gen_ai.token.type", "input"));
                _tokens.Record(measurement.OutputTokens, new("gen_ai.operation.name", operation), new("gen_ai.system", system),
                    new("gen_ai.request.model", model), new("gen_ai.token.type", "output"));
            }
        }

        if (measurement.CacheStatus != "DISABLED")
        {
            _cache.Add(1, new KeyValuePair<string, object?>("gateway.cache.status", measurement.CacheStatus));
        }

        if (measurement.Retries > 0)
        {
            _retries.Add(measurement.Retries);
        }

        if (measurement.FellBack)
        {
            _fallbacks.Add(1);
        }
    }

    /// <summary>The GenAI semantic conventions' <c>gen_ai.operation.name</c>.</summary>
    private static string OperationName(InferenceOperation operation) => operation switch
    {
        InferenceOperation.ChatCompletions => "chat",
        InferenceOperation.Completions => "text_completion",
        InferenceOperation.Embeddings => "embeddings",
        _ => "image_generation",
    };
}
