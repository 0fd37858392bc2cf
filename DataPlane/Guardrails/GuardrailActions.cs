namespace DataPlane.Guardrails;

/// <summary>What was done with a guardrail's verdict (<see cref="Contracts.Usage.GuardrailVerdict.Action"/>).</summary>
internal static class GuardrailActions
{
    public const string Passed = "passed";
    public const string Denied = "denied";
    public const string Warned = "warned";
    public const string Redacted = "redacted";
    public const string Recorded = "recorded";

    public const string InputHook = "input";
    public const string OutputHook = "output";
}
