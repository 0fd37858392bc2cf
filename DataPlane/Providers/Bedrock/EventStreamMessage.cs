namespace DataPlane.Providers.Bedrock;

/// <summary>
/// One decoded AWS event-stream message: the headers Bedrock sets (<c>:message-type</c> = <c>event</c> | <c>exception</c> |
/// <c>error</c>, <c>:event-type</c>, <c>:exception-type</c>, <c>:error-code</c>, <c>:error-message</c>) and the payload
/// (JSON for Converse), a slice of the read buffer valid until the next read.
/// </summary>
internal readonly ref struct EventStreamMessage
{
    public string? MessageType { get; init; }
    public string? EventType { get; init; }
    public string? ExceptionType { get; init; }
    public string? ErrorCode { get; init; }
    public string? ErrorMessage { get; init; }
    public ReadOnlySpan<byte> Payload { get; init; }
}
