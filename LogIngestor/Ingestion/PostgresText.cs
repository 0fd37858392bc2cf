using System.Text;

namespace LogIngestor.Ingestion;

/// <summary>
/// PostgreSQL text and jsonb refuse NUL characters and lone UTF-16 surrogates; one such character would
/// fail the whole batch on every redelivery. They become U+FFFD instead, keeping the rest of the value.
/// </summary>
internal static class PostgresText
{
    public static string? Clean(string? value)
    {
        if (value is null || !NeedsCleaning(value))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        // EnumerateRunes already turns lone surrogates into U+FFFD.
        foreach (var rune in value.EnumerateRunes())
        {
            builder.Append((rune.Value == 0 ? Rune.ReplacementChar : rune).ToString());
        }

        return builder.ToString();
    }

    private static bool NeedsCleaning(string value)
    {
        foreach (var c in value)
        {
            if (c == '\0' || char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }
}
