namespace DataPlane.Providers.Bedrock;

/// <summary>What <see cref="EventStreamDecoder.TryRead"/> found at the start of the buffer.</summary>
internal enum DecodeStatus
{
    /// <summary>Not a whole message yet: read more.</summary>
    NeedMore,

    /// <summary>One message, decoded.</summary>
    Message,

    /// <summary>A frame whose lengths or checksums are wrong.</summary>
    Invalid,
}
