namespace DataPlane.Guardrails;

/// <summary>A guardrail that cannot be used (unknown or invisible <c>pg-</c> id, bad parameters): the message names the path.</summary>
internal sealed class GuardrailCompileException(string message) : Exception(message);
