using DataPlane.Errors;
using DataPlane.Inference;

namespace DataPlane.Guardrails;

/// <summary>What the input hook decided for one target: refuse (446), send a redacted request, or (both null) go on as it was.</summary>
internal readonly record struct InputHookOutcome(GatewayError? Denied, InferenceRequest? Rewritten);
