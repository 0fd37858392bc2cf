using Contracts.Usage;
using DataPlane.Usage;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataPlane.Tests.Usage;

/// <summary>The disk journal over real files in a temp directory; a restart is a new instance over the same directory.</summary>
public sealed class UsageJournalTests : IDisposable
{
    private const long Generous = 64L * 1024 * 1024;
    private readonly string _directory = Directory.CreateTempSubdirectory("usage-journal-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Append_ThenPeekAndAdvance_ReturnsBatchesInOrder_AndEmptiesTheJournal()
    {
        using var journal = Open();
        var batches = Enumerable.Range(0, 5).Select(i => Events($"b{i}", 3)).ToList();
        foreach (var batch in batches)
        {
            Assert.True(journal.TryAppend(batch, out _));
        }

        Assert.Equal(5, journal.Records);
        Assert.Equal(15, journal.Events);
        Assert.True(journal.Bytes > 0);
        Assert.Equal(Traces(batches.SelectMany(b => b)), Traces(DrainAll(journal)));
        Assert.True(journal.IsEmpty);
        Assert.Equal(0, journal.Bytes);
        Assert.Empty(Directory.GetFiles(_directory, "*.seg"));
    }

    [Fact]
    public void Events_RoundTrip_WithEveryField()
    {
        using var journal = Open();
        var usage = Event("full") with
        {
            WorkspaceId = Guid.NewGuid(),
            ApiKeyId = Guid.NewGuid(),
            Provider = "openai-prod",
            AiProvider = "openai",
            Model = "gpt-4o",
            CostUsd = 0.0012345m,
            PriceKnown = true,
            TtftMs = 12,
            CacheStatus = "SEMANTIC HIT",
            RetryCount = 2,
            LastUsedOptionIndex = "config.targets[1]",
            ConfigId = "pc-abc",
            ConfigVersion = 3,
            Metadata = new Dictionary<string, string> { ["_user"] = "ana" },
            Attempts = [new UsageAttempt("config.targets[0]", "a", "m", 503, 40, "upstream_error"), new UsageAttempt("config.targets[1]", "b", "m", 200, 30)],
        };
        Assert.True(journal.TryAppend([usage], out _));

        var back = Assert.Single(journal.Peek()!.Events);
        Assert.Equal(usage.EventId, back.EventId);
        Assert.Equal(usage.CostUsd, back.CostUsd);
        Assert.Equal("SEMANTIC HIT", back.CacheStatus);
        Assert.Equal("ana", back.Metadata["_user"]);
        Assert.Equal(usage.Attempts, back.Attempts);
        Assert.Equal(usage.Timestamp, back.Timestamp);
    }

    [Fact]
    public void Reopen_AfterPartialReplay_ReplaysOnlyWhatWasNotAdvanced()
    {
        var batches = Enumerable.Range(0, 4).Select(i => Events($"r{i}", 2)).ToList();
        using (var journal = Open())
        {
            foreach (var batch in batches)
            {
                journal.TryAppend(batch, out _);
            }

            journal.Advance(journal.Peek()!);
        }

        using var reopened = Open();
        Assert.Equal(3, reopened.Records);
        Assert.Equal(6, reopened.Events);
        Assert.Equal(Traces(batches.Skip(1).SelectMany(b => b)), Traces(DrainAll(reopened)));
    }

    [Fact]
    public void Reopen_ThenAppend_KeepsOldRecordsFirst()
    {
        using (var journal = Open())
        {
            journal.TryAppend(Events("old", 2), out _);
        }

        using var reopened = Open();
        reopened.TryAppend(Events("new", 2), out _);
        Assert.Equal(["old-0", "old-1", "new-0", "new-1"], Traces(DrainAll(reopened)));
    }

    [Fact]
    public void TornLastWrite_IsSkippedAtOpen_AndAppendsContinueAfterTheLastWholeRecord()
    {
        using (var journal = Open())
        {
            journal.TryAppend(Events("whole", 2), out _);
            journal.TryAppend(Events("torn", 2), out _);
        }

        // A crash mid-write: the second record loses its last bytes.
        var segment = Assert.Single(Directory.GetFiles(_directory, "*.seg"));
        using (var file = new FileStream(segment, FileMode.Open))
        {
            file.SetLength(file.Length - 7);
        }

        using var reopened = Open();
        Assert.Equal(1, reopened.Records);
        Assert.True(reopened.TryAppend(Events("after", 1), out _));
        Assert.Equal(["whole-0", "whole-1", "after-0"], Traces(DrainAll(reopened)));
    }

    [Fact]
    public void GarbageTail_IsSkippedAtOpen()
    {
        using (var journal = Open())
        {
            journal.TryAppend(Events("kept", 1), out _);
        }

        var segment = Assert.Single(Directory.GetFiles(_directory, "*.seg"));
        File.AppendAllText(segment, "this is not a record, and neither is its length");

        using var reopened = Open();
        Assert.Equal(["kept-0"], Traces(reopened.ReadAll()));
        Assert.Equal(["kept-0"], Traces(DrainAll(reopened)));
    }

    [Fact]
    public void FlippedByte_InARecord_FailsItsChecksum_AndTheRestOfThatSegmentIsSkipped()
    {
        using (var journal = Open())
        {
            journal.TryAppend(Events("good", 1), out _);
            journal.TryAppend(Events("bad", 1), out _);
        }

        var segment = Assert.Single(Directory.GetFiles(_directory, "*.seg"));
        var bytes = File.ReadAllBytes(segment);
        bytes[^10] ^= 0x20; // inside the second record's payload
        File.WriteAllBytes(segment, bytes);

        using var reopened = Open();
        Assert.Equal(["good-0"], Traces(DrainAll(reopened)));
    }

    [Fact]
    public void Append_PastMaxBytes_IsRefused_AndTheJournalStaysWithinIt()
    {
        const long max = 64 * 1024;
        using var journal = Open(max);
        var accepted = 0;
        string? reason = null;
        for (var i = 0; i < 1000 && journal.TryAppend(Events($"f{i}", 10), out reason); i++)
        {
            accepted++;
        }

        Assert.InRange(accepted, 1, 999);
        Assert.Contains("full", reason);
        Assert.True(journal.Bytes <= max);
        Assert.True(Directory.GetFiles(_directory, "*.seg").Sum(f => new FileInfo(f).Length) <= max);
        Assert.Equal(accepted, journal.Records);

        // Replaying frees the space again.
        DrainAll(journal);
        Assert.True(journal.TryAppend(Events("again", 10), out _));
    }

    [Fact]
    public void ManySegments_ReplayInOrder_AcrossARestartInTheMiddle_AndReplayedSegmentsAreDeleted()
    {
        const long max = 4L * 1024 * 1024; // 256 KiB segments
        var sent = new List<string>();
        using (var journal = Open(max))
        {
            for (var i = 0; i < 60; i++)
            {
                var batch = Events($"s{i}", 40);
                Assert.True(journal.TryAppend(batch, out _));
                sent.AddRange(Traces(batch));
            }

            Assert.True(Directory.GetFiles(_directory, "*.seg").Length > 2);
            var firstHalf = new List<UsageEvent>();
            for (var i = 0; i < 30; i++)
            {
                var record = journal.Peek()!;
                firstHalf.AddRange(record.Events);
                journal.Advance(record);
            }

            Assert.Equal(sent.Take(30 * 40), Traces(firstHalf));
        }

        using var reopened = Open(max);
        Assert.Equal(30, reopened.Records);
        var segmentsBefore = Directory.GetFiles(_directory, "*.seg").Length;
        Assert.Equal(sent.Skip(30 * 40), Traces(DrainAll(reopened)));
        Assert.True(segmentsBefore > 1);
        Assert.Empty(Directory.GetFiles(_directory, "*.seg"));
    }

    [Fact]
    public void Advance_OfAStaleRecord_ChangesNothing()
    {
        using var journal = Open();
        journal.TryAppend(Events("a", 1), out _);
        journal.TryAppend(Events("b", 1), out _);
        var first = journal.Peek()!;
        journal.Advance(first);
        journal.Advance(first);
        Assert.Equal(1, journal.Records);
        Assert.Equal(["b-0"], Traces(journal.Peek()!.Events));
    }

    [Fact]
    public void SecondJournal_OnTheSameDirectory_IsUnavailable_AndRefusesAppends()
    {
        using var owner = Open();
        using var intruder = Open();
        Assert.Null(owner.Unavailable);
        Assert.NotNull(intruder.Unavailable);
        Assert.False(intruder.TryAppend(Events("x", 1), out var reason));
        Assert.NotNull(reason);
        Assert.True(owner.TryAppend(Events("y", 1), out _));
    }

    private UsageJournal Open(long maxBytes = Generous) => new(_directory, maxBytes, NullLogger.Instance);

    private static List<UsageEvent> DrainAll(UsageJournal journal)
    {
        var all = new List<UsageEvent>();
        while (journal.Peek() is { } record)
        {
            all.AddRange(record.Events);
            journal.Advance(record);
        }

        return all;
    }

    private static List<string> Traces(IEnumerable<UsageEvent> events) => events.Select(e => e.TraceId).ToList();

    private static List<UsageEvent> Events(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => Event($"{prefix}-{i}")).ToList();

    private static UsageEvent Event(string traceId) => new()
    {
        EventId = Guid.NewGuid(),
        TraceId = traceId,
        Timestamp = DateTimeOffset.UtcNow,
        Path = "/v1/chat/completions",
        Status = 200,
        PromptTokens = 12,
        CompletionTokens = 7,
        LatencyMs = 5,
        Metadata = new Dictionary<string, string> { ["padding"] = new string('p', 200) },
    };
}
