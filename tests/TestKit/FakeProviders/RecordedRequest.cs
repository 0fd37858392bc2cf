using System.Text;
using System.Text.Json;

namespace TestKit.FakeProviders;

/// <summary>One request as a fake upstream received it: what the gateway actually sent.</summary>
public sealed class RecordedRequest
{
    private readonly TaskCompletionSource _aborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private JsonDocument? _json;

    internal RecordedRequest(string method, string path, string query, IReadOnlyDictionary<string, string> headers, byte[] body)
    {
        Method = method;
        Path = path;
        Query = query;
        Headers = headers;
        Body = body;
    }

    public string Method { get; }

    /// <summary>The path as received, e.g. <c>/v1/chat/completions</c>.</summary>
    public string Path { get; }

    /// <summary>The query string including its <c>?</c>, or empty.</summary>
    public string Query { get; }

    /// <summary>Request headers, names lower-case, repeated values joined with <c>,</c>.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    public byte[] Body { get; }

    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>The body parsed as JSON (throws when it is not JSON).</summary>
    public JsonElement Json => (_json ??= JsonDocument.Parse(Body)).RootElement;

    /// <summary>Completes when the connection ended before the fake finished answering: the caller cancelled (or a <see cref="FakeFaultKind.DropMidStream"/> fault reset it).</summary>
    public Task Aborted => _aborted.Task;

    public bool WasAborted => _aborted.Task.IsCompleted;

    /// <summary>The body parsed as JSON, or false when it is not JSON (what a fake answers with its 400).</summary>
    internal bool TryGetJson(out JsonElement json)
    {
        try
        {
            json = Json;
            return true;
        }
        catch (JsonException)
        {
            json = default;
            return false;
        }
    }

    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;

    internal void MarkAborted() => _aborted.TrySetResult();
}
