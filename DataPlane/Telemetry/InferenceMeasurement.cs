using DataPlane.Inference;

namespace DataPlane.Telemetry;

/// <summary>What one finished request contributes to <see cref="InferenceMetrics"/>.</summary>
/// <param name="Retries">Every retry of every target tried (attempts beyond the first per target).</param>
/// <param name="FellBack">The answer came from another target than the first one tried.</param>
internal readonly record struct InferenceMeasurement(
    InferenceOperation Operation,
    string? ProviderKind,
    string? Model,
    int Status,
    string? ErrorType,
    double DurationSeconds,
    int InputTokens,
    int OutputTokens,
    string CacheStatus,
    int Retries,
    bool FellBack);
