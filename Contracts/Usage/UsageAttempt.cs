namespace Contracts.Usage;

/// <summary>One try of one target inside a request (a retry or a fallback is another attempt).</summary>
/// <param name="OptionIndex">The target's place in the config, e.g. <c>config.targets[1]</c>; null without a config.</param>
/// <param name="Status">What the target answered, or the gateway's status for no answer (408, 502, 503 breaker open, 504).</param>
public sealed record UsageAttempt(string? OptionIndex, string? Provider, string? Model, int Status, int LatencyMs, string? ErrorType = null);
