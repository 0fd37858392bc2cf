using System.Security.Cryptography;

namespace ControlPlane.Catalog;

/// <summary>Ids as Portkey shapes them: a prefix (<c>pc-</c>, <c>pg-</c>) + 12 random lower-case base32 characters (60 bits).</summary>
internal static class ResourceIds
{
    public const int RandomLength = 12;
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static string New(string prefix)
    {
        Span<char> chars = stackalloc char[RandomLength];
        Span<byte> bytes = stackalloc byte[RandomLength];
        RandomNumberGenerator.Fill(bytes);
        for (var i = 0; i < RandomLength; i++)
        {
            // 256 is a multiple of 32: the low 5 bits are uniform.
            chars[i] = Alphabet[bytes[i] & 31];
        }

        return prefix + new string(chars);
    }

    /// <summary>Whether <paramref name="id"/> could have been made by <see cref="New"/> (a cheap check before a lookup).</summary>
    public static bool IsWellFormed(string? id, string prefix) =>
        id is { Length: > 3 and <= 40 } && id.StartsWith(prefix, StringComparison.Ordinal)
        && id.AsSpan(prefix.Length).IndexOfAnyExcept(Alphabet) < 0;
}
