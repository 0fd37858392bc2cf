using System.Security.Cryptography;

namespace ControlPlane.Configs;

/// <summary>Config ids as Portkey shapes them: <c>pc-</c> + 12 random base32 characters (60 bits).</summary>
internal static class ConfigIds
{
    public const string Prefix = "pc-";
    public const int RandomLength = 12;
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

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

    /// <summary>Whether <paramref name="id"/> could be a config id (cheap check before a lookup).</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: > 3 and <= 40 } && id.StartsWith(Prefix, StringComparison.Ordinal)
        && id.AsSpan(Prefix.Length).IndexOfAnyExcept(Alphabet) < 0;
}
