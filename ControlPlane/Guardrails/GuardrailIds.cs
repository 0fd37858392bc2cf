using System.Security.Cryptography;
using Contracts.Guardrails;

namespace ControlPlane.Guardrails;

/// <summary>Guardrail ids as Portkey shapes them: <c>pg-</c> + 12 random lower-case base32 characters (60 bits).</summary>
internal static class GuardrailIds
{
    public const string Prefix = GuardrailChecks.IdPrefix;
    public const int RandomLength = 12;
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    private const string Readable = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static string New()
    {
        Span<char> chars = stackalloc char[RandomLength];
        Span<byte> bytes = stackalloc byte[RandomLength];
        RandomNumberGenerator.Fill(bytes);
        for (var i = 0; i < RandomLength; i++)
        {
            // 256 is a multiple of 32: the low 5 bits are uniform.
            chars[i] = Alphabet[bytes[i] & 31];
        }

        return Prefix + new string(chars);
    }

    /// <summary>Whether <paramref name="id"/> could be a guardrail id (cheap check before a lookup).</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: > 3 and <= 40 } && id.StartsWith(Prefix, StringComparison.Ordinal)
        && id.AsSpan(Prefix.Length).IndexOfAnyExcept(Readable) < 0;
}
