namespace TestKit.FakeProviders;

/// <summary>What a <see cref="FakeFault"/> makes a fake upstream do instead of answering normally.</summary>
public enum FakeFaultKind
{
    /// <summary>Answer with a status and the provider's error body (and <c>Retry-After</c> when given).</summary>
    Status,

    /// <summary>Accept the request, never send headers; ends only when the caller gives up.</summary>
    HangBeforeHeaders,

    /// <summary>Stream <see cref="FakeFault.AfterChunks"/> chunks, then go silent (no bytes, connection open).</summary>
    SilentMidStream,

    /// <summary>Stream <see cref="FakeFault.AfterChunks"/> chunks, then reset the connection.</summary>
    DropMidStream,
}
