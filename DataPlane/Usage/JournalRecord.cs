using Contracts.Usage;

namespace DataPlane.Usage;

/// <summary>One batch read back from the journal, and where the record after it starts.</summary>
/// <param name="Segment">The segment file's sequence number.</param>
/// <param name="Offset">Where this record starts in its segment.</param>
/// <param name="NextOffset">Where the next record starts: the cursor once this one is confirmed published.</param>
internal sealed record JournalRecord(long Segment, long Offset, long NextOffset, IReadOnlyList<UsageEvent> Events);
