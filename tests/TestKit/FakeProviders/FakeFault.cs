namespace TestKit.FakeProviders;

/// <summary>A failure a fake upstream produces for one request (see <see cref="FakeUpstreamServer.EnqueueFault"/>).</summary>
public sealed record FakeFault
{
    public required FakeFaultKind Kind { get; init; }

    /// <summary>For <see cref="FakeFaultKind.Status"/>: the HTTP status.</summary>
    public int StatusCode { get; init; } = 500;

    /// <summary>For <see cref="FakeFaultKind.Status"/>: the error message in the provider's error body.</summary>
    public string Message { get; init; } = "The server had an error while processing your request.";

    public string Type { get; init; } = "server_error";

    public string? Code { get; init; }

    public string? Param { get; init; }

    /// <summary>For <see cref="FakeFaultKind.Status"/>: a <c>Retry-After</c> header in seconds.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>For <see cref="FakeFaultKind.Status"/>: send exactly this body (any format) instead of the provider's error JSON.</summary>
    public string? RawBody { get; init; }

    /// <summary>For the mid-stream faults: how many SSE events go out first (the role chunk counts as one).</summary>
    public int AfterChunks { get; init; } = 2;

    public static FakeFault Status(int statusCode, string message, string type = "invalid_request_error", string? code = null, int? retryAfterSeconds = null) =>
        new() { Kind = FakeFaultKind.Status, StatusCode = statusCode, Message = message, Type = type, Code = code, RetryAfterSeconds = retryAfterSeconds };

    public static FakeFault Raw(int statusCode, string body) => new() { Kind = FakeFaultKind.Status, StatusCode = statusCode, RawBody = body };

    public static FakeFault Hang() => new() { Kind = FakeFaultKind.HangBeforeHeaders };

    public static FakeFault SilentAfter(int chunks) => new() { Kind = FakeFaultKind.SilentMidStream, AfterChunks = chunks };

    public static FakeFault DropAfter(int chunks) => new() { Kind = FakeFaultKind.DropMidStream, AfterChunks = chunks };
}
