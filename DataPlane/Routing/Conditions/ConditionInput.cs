using System.Text.Json;

namespace DataPlane.Routing.Conditions;

/// <summary>
/// What a query reads in one request. The body is parsed at most once, and only when a <c>params.*</c> field is asked for;
/// the parsed document reads <paramref name="requestBody"/> in place, so the body must stay untouched until this is disposed.
/// Not thread-safe: one per request.
/// </summary>
internal sealed class ConditionInput(IReadOnlyDictionary<string, string> metadata, ReadOnlyMemory<byte> requestBody, string pathname) : IDisposable
{
    private JsonDocument? _body;
    private bool _bodyRead;

    public IReadOnlyDictionary<string, string> Metadata { get; } = metadata;

    /// <summary>The request's path, e.g. <c>/v1/chat/completions</c>.</summary>
    public string Pathname { get; } = pathname;

    /// <summary>The body's root object; false when the body is empty, not JSON, or not an object (every param is then missing).</summary>
    public bool TryGetParams(out JsonElement root)
    {
        if (!_bodyRead)
        {
            _bodyRead = true;
            try
            {
                _body = requestBody.IsEmpty ? null : JsonDocument.Parse(requestBody);
            }
            catch (JsonException)
            {
                // The pipeline rejects bodies that are not JSON before routing; here it only means "no params".
                _body = null;
            }
        }

        if (_body is { RootElement.ValueKind: JsonValueKind.Object })
        {
            root = _body.RootElement;
            return true;
        }

        root = default;
        return false;
    }

    /// <summary>Returns the parsed document's pooled buffers.</summary>
    public void Dispose()
    {
        _body?.Dispose();
        _body = null;
    }
}
