namespace DataPlane.Providers.Google;

/// <summary>
/// OpenAI tool-call ids for Gemini function calls, which have none. Gemini 2.5+/3 attach a
/// <c>thoughtSignature</c> to a function call and require it back with that call in the next request; OpenAI
/// clients keep nothing but the id, so the signature travels inside it: <c>call_&lt;hex&gt;__thought__&lt;signature&gt;</c>.
/// </summary>
internal static class GeminiToolCallIds
{
    private const string SignatureSeparator = "__thought__";

    public static string New(string? thoughtSignature)
    {
        var id = "call_" + Guid.NewGuid().ToString("N")[..24];
        return string.IsNullOrEmpty(thoughtSignature) ? id : id + SignatureSeparator + thoughtSignature;
    }

    /// <summary>The signature carried in an id this adapter made, or null.</summary>
    public static string? ThoughtSignatureOf(string? id)
    {
        if (id is null)
        {
            return null;
        }

        var at = id.IndexOf(SignatureSeparator, StringComparison.Ordinal);
        return at < 0 || at + SignatureSeparator.Length == id.Length ? null : id[(at + SignatureSeparator.Length)..];
    }
}
