namespace DataPlane.Guardrails;

/// <summary>Guardrail log lines: check ids and guardrail labels only, never the texts they read.</summary>
internal static partial class GuardrailLog
{
    [LoggerMessage(801, LogLevel.Warning, "Guardrail check {Check} of {Guardrail} threw {ExceptionType}; counted as failed")]
    public static partial void CheckFailed(ILogger logger, string check, string guardrail, string exceptionType);
}
