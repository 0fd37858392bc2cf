using Contracts.Guardrails;

namespace DataPlane.Guardrails.Checks;

/// <summary>Maps <see cref="PiiType"/> to the category names of <see cref="GuardrailChecks.PiiCategories"/> and placeholders.</summary>
internal static class PiiTypes
{
    public const int Count = 7;

    /// <summary>By <see cref="PiiType"/>: the category name (<c>credit_card</c>).</summary>
    private static readonly string[] Names = ["secret", "email", "iban", "credit_card", "us_ssn", "ip_address", "phone"];

    /// <summary>The category names in the docs' order (for explanations).</summary>
    public static readonly PiiType[] DocumentOrder =
        [.. GuardrailChecks.PiiCategories.Select(c => Parse(c) ?? throw new InvalidOperationException($"no PII type for {c}"))];

    public static string Name(PiiType type) => Names[(int)type];

    public static PiiType? Parse(string category)
    {
        var index = Array.IndexOf(Names, category);
        return index < 0 ? null : (PiiType)index;
    }
}
