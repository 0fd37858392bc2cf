namespace DataPlane.Guardrails.Checks;

/// <summary>How the count checks describe their bounds.</summary>
internal static class Bounds
{
    public static string Describe(long min, long max) => max == long.MaxValue ? $"at least {min}" : $"{min}..{max}";
}
