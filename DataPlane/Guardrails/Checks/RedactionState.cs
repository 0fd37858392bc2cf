namespace DataPlane.Guardrails.Checks;

/// <summary>
/// Placeholders of one request (input and output hooks share it): the same value always gets the same placeholder, numbered
/// per type in order of first sight — <c>[EMAIL_1]</c>, <c>[EMAIL_2]</c>, <c>[CREDIT_CARD_1]</c>. Thread-safe.
/// </summary>
internal sealed class RedactionState
{
    private readonly Dictionary<(string Category, string Value), string> _placeholders = [];
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>How many distinct values were replaced so far.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _placeholders.Count;
            }
        }
    }

    /// <param name="category">A PII category (<c>email</c>, <c>credit_card</c>…); upper-cased in the placeholder.</param>
    /// <param name="value">The text replaced.</param>
    public string Placeholder(string category, string value)
    {
        var type = category.ToUpperInvariant();
        lock (_lock)
        {
            if (_placeholders.TryGetValue((type, value), out var placeholder))
            {
                return placeholder;
            }

            var number = _counts.GetValueOrDefault(type) + 1;
            _counts[type] = number;
            placeholder = $"[{type}_{number}]";
            _placeholders[(type, value)] = placeholder;
            return placeholder;
        }
    }
}
