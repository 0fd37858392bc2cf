using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using Contracts.Json;
using Contracts.Usage;
using Microsoft.Win32.SafeHandles;

namespace DataPlane.Usage;

/// <summary>
/// A bounded, append-only journal of usage batches on local disk: where batches wait while the broker is away.
/// <para>
/// Layout: a directory of segment files <c>{sequence:D20}.seg</c>, each a run of records
/// <c>[magic u32][payload length u32][event count u32][CRC-32C u32][payload]</c> (little-endian; the payload is the
/// <see cref="UsageEventBatch"/> as contract JSON; the CRC covers length, count and payload), and a <c>cursor</c> file naming
/// the segment and offset of the oldest record not yet confirmed published.
/// </para>
/// <para>
/// Durability: every append is fsync'd before it counts as journaled (one fsync per batch: batches form every
/// <c>UsageBatchDelayMs</c> or <c>UsageBatchSize</c> events, so at most a few dozen fsyncs a second). A crash mid-append
/// leaves a torn record that fails its length or checksum; opening the journal truncates it away. The cursor is written
/// after each confirmed publish without fsync: after a crash it can only lag behind, so a record may be published again
/// (LogIngestor de-duplicates by event id), never skipped.
/// </para>
/// <para>
/// Bound: the segment files together never exceed <c>maxBytes</c>; an append that would is refused and the caller counts
/// its events as dropped. Fully replayed segments are deleted; when the journal drains, every segment is.
/// </para>
/// One process owns a directory (an exclusive lock on <c>journal.lock</c>); a journal that cannot be opened is unavailable:
/// every append is refused with the reason, and the data plane keeps serving.
/// </summary>
internal sealed class UsageJournal : IDisposable
{
    private const uint Magic = 0x314A5355; // "USJ1"
    private const int HeaderSize = 16;
    private const string SegmentExtension = ".seg";
    private const string CursorFileName = "cursor";
    private const string LockFileName = "journal.lock";
    private const int CursorSize = 20;

    private readonly Lock _gate = new();
    private readonly long _maxBytes;
    private readonly long _segmentBytes;
    private readonly ILogger _logger;
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly List<(long Sequence, long Length)> _segments = []; // oldest first; appends go to the last
    private byte[] _readBuffer = new byte[64 * 1024];
    private FileStream? _lockFile;
    private FileStream? _tail;
    private long _cursorSegment;
    private long _cursorOffset;
    private long _nextSegment = 1;
    private long _records;
    private long _events;
    private long _bytes;
    private string? _unavailable;

    public UsageJournal(string directory, long maxBytes, ILogger logger)
    {
        Directory = Path.GetFullPath(directory);
        _maxBytes = maxBytes;
        // Small enough that replayed space comes back soon, large enough to keep the file count low.
        _segmentBytes = Math.Clamp(maxBytes / 16, 64 * 1024, 16 * 1024 * 1024);
        _logger = logger;
        Open();
    }

    public string Directory { get; }

    /// <summary>Batches waiting to be replayed.</summary>
    public long Records => Volatile.Read(ref _records);

    /// <summary>Events in the batches waiting to be replayed.</summary>
    public long Events => Volatile.Read(ref _events);

    /// <summary>Bytes of the segment files on disk.</summary>
    public long Bytes => Volatile.Read(ref _bytes);

    public bool IsEmpty => Records == 0;

    /// <summary>Why the journal cannot be written at all, or null.</summary>
    public string? Unavailable => _unavailable;

    /// <summary>Appends one batch and makes it durable; false (with the reason) when the journal is full or unwritable.</summary>
    public bool TryAppend(IReadOnlyList<UsageEvent> events, out string? reason)
    {
        lock (_gate)
        {
            if (_unavailable is not null)
            {
                reason = _unavailable;
                return false;
            }

            var record = Encode(events);
            if (_bytes + record.Length > _maxBytes)
            {
                reason = $"journal full: {_bytes} of {_maxBytes} bytes used";
                return false;
            }

            var length = 0L;
            try
            {
                if (_tail is null || (_segments[^1].Length > 0 && _segments[^1].Length + record.Length > _segmentBytes))
                {
                    OpenTail(record.Length);
                }

                length = _segments[^1].Length;
                _tail!.Write(record);
                _tail.Flush(flushToDisk: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Leave no half record behind; a failed truncate is caught by the checksum at the next open.
                try
                {
                    _tail?.SetLength(length);
                }
                catch (IOException)
                {
                }

                reason = ex.Message;
                return false;
            }

            _segments[^1] = (_segments[^1].Sequence, length + record.Length);
            _bytes += record.Length;
            _records++;
            _events += events.Count;
            reason = null;
            return true;
        }
    }

    /// <summary>The oldest record not yet confirmed published, or null when there is none.</summary>
    public JournalRecord? Peek()
    {
        lock (_gate)
        {
            while (_records > 0)
            {
                var index = _segments.FindIndex(s => s.Sequence == _cursorSegment);
                if (index < 0)
                {
                    break;
                }

                var (sequence, length) = _segments[index];
                var last = index == _segments.Count - 1;
                if (_cursorOffset >= length)
                {
                    if (last)
                    {
                        break;
                    }

                    DropHeadSegment(index);
                    continue;
                }

                using var file = OpenRead(sequence);
                var damage = ReadAt(file, _cursorOffset, length, out var payloadLength, out var count);
                if (damage is not null)
                {
                    // Never counted at open: skipping it keeps the counts right.
                    UsageLog.JournalDamaged(_logger, sequence, _cursorOffset, damage);
                    if (last)
                    {
                        break;
                    }

                    DropHeadSegment(index);
                    continue;
                }

                var next = _cursorOffset + HeaderSize + payloadLength;
                try
                {
                    var batch = JsonSerializer.Deserialize<UsageEventBatch>(_readBuffer.AsSpan(0, payloadLength), ContractJson.Options);
                    return new JournalRecord(sequence, _cursorOffset, next, batch?.Events ?? []);
                }
                catch (JsonException ex)
                {
                    // Checksum right, content unreadable (written by an incompatible version): skip just this record.
                    UsageLog.JournalDamaged(_logger, sequence, _cursorOffset, ex.Message);
                    AdvanceCore(next, count);
                }
            }

            // Nothing readable is left (the counts included records damaged since): start afresh rather than spin.
            if (_records > 0)
            {
                Reset();
            }

            return null;
        }
    }

    /// <summary>Marks a record published: the cursor moves past it, and space it no longer needs is freed.</summary>
    public void Advance(JournalRecord record)
    {
        lock (_gate)
        {
            if (record.Segment != _cursorSegment || record.Offset != _cursorOffset)
            {
                return; // not the head any more: advanced already
            }

            AdvanceCore(record.NextOffset, record.Events.Count);
        }
    }

    /// <summary>Every event waiting in the journal, oldest first (reads the disk: for diagnostics and tests).</summary>
    public IReadOnlyList<UsageEvent> ReadAll()
    {
        lock (_gate)
        {
            var all = new List<UsageEvent>();
            foreach (var (sequence, length) in _segments)
            {
                if (sequence < _cursorSegment)
                {
                    continue;
                }

                using var file = OpenRead(sequence);
                var offset = sequence == _cursorSegment ? _cursorOffset : 0;
                while (offset < length && ReadAt(file, offset, length, out var payloadLength, out _) is null)
                {
                    try
                    {
                        all.AddRange(JsonSerializer.Deserialize<UsageEventBatch>(_readBuffer.AsSpan(0, payloadLength), ContractJson.Options)?.Events ?? []);
                    }
                    catch (JsonException)
                    {
                        // Peek skips it too.
                    }

                    offset += HeaderSize + payloadLength;
                }
            }

            return all;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _tail?.Dispose();
            _tail = null;
            _lockFile?.Dispose();
            _lockFile = null;
            _unavailable ??= "journal closed";
        }
    }

    private void AdvanceCore(long nextOffset, int events)
    {
        _cursorOffset = nextOffset;
        _records--;
        _events -= events;
        if (_records <= 0)
        {
            Reset();
            return;
        }

        var index = _segments.FindIndex(s => s.Sequence == _cursorSegment);
        if (index >= 0 && index < _segments.Count - 1 && _cursorOffset >= _segments[index].Length)
        {
            DropHeadSegment(index);
        }
        else
        {
            WriteCursor();
        }
    }

    private void Open()
    {
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            _lockFile = new FileStream(Path.Combine(Directory, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            var (cursorSegment, cursorOffset) = ReadCursor();
            var sequences = System.IO.Directory.EnumerateFiles(Directory, "*" + SegmentExtension)
                .Select(path => long.TryParse(Path.GetFileNameWithoutExtension(path), out var sequence) ? sequence : -1)
                .Where(sequence => sequence > 0)
                .Order()
                .ToList();
            foreach (var sequence in sequences)
            {
                if (sequence < cursorSegment)
                {
                    File.Delete(SegmentPath(sequence)); // replayed; its deletion had not happened yet
                    continue;
                }

                var length = new FileInfo(SegmentPath(sequence)).Length;
                var start = sequence == cursorSegment && cursorOffset <= length ? cursorOffset : 0;
                if (_segments.Count == 0)
                {
                    (_cursorSegment, _cursorOffset) = (sequence, start);
                }

                var validEnd = Scan(sequence, start, length);
                if (validEnd < length)
                {
                    UsageLog.JournalDamaged(_logger, sequence, validEnd, "torn or damaged record");
                    if (sequence == sequences[^1])
                    {
                        // A torn last write: cut it off so that appends continue after the last whole record.
                        using var tail = new FileStream(SegmentPath(sequence), FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
                        tail.SetLength(validEnd);
                        tail.Flush(flushToDisk: true);
                        length = validEnd;
                    }
                }

                _segments.Add((sequence, length));
                _bytes += length;
            }

            _nextSegment = Math.Max(Math.Max(cursorSegment, 1), _segments.Count > 0 ? _segments[^1].Sequence + 1 : 1);
            if (_segments.Count == 0)
            {
                (_cursorSegment, _cursorOffset) = (_nextSegment, 0);
            }

            if (_records > 0)
            {
                UsageLog.JournalOpened(_logger, Directory, _records, _events, _bytes);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _unavailable = $"journal unusable: {ex.Message}";
            UsageLog.JournalUnavailable(_logger, Directory, ex.Message);
        }
    }

    /// <summary>Walks the whole records from <paramref name="start"/>; returns where they end.</summary>
    private long Scan(long sequence, long start, long length)
    {
        using var file = OpenRead(sequence);
        var offset = start;
        while (offset < length && ReadAt(file, offset, length, out var payloadLength, out var events) is null)
        {
            _records++;
            _events += events;
            offset += HeaderSize + payloadLength;
        }

        return offset;
    }

    /// <summary>Reads and checks the record at <paramref name="offset"/> into the read buffer; the damage found, or null.</summary>
    private string? ReadAt(SafeFileHandle file, long offset, long length, out int payloadLength, out int count)
    {
        payloadLength = 0;
        count = 0;
        Span<byte> header = stackalloc byte[HeaderSize];
        if (length - offset < HeaderSize || RandomAccess.Read(file, header, offset) < HeaderSize)
        {
            return "incomplete header";
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != Magic)
        {
            return "not a record";
        }

        var declared = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        if (declared > length - offset - HeaderSize)
        {
            return "incomplete record";
        }

        var size = (int)declared;
        if (_readBuffer.Length < size)
        {
            _readBuffer = new byte[Math.Max(size, _readBuffer.Length * 2)];
        }

        var payload = _readBuffer.AsSpan(0, size);
        for (var read = 0; read < size;)
        {
            var n = RandomAccess.Read(file, payload[read..], offset + HeaderSize + read);
            if (n == 0)
            {
                return "incomplete record";
            }

            read += n;
        }

        var crc = ~Crc32C.Append(Crc32C.Append(~0u, header[4..12]), payload);
        if (crc != BinaryPrimitives.ReadUInt32LittleEndian(header[12..]))
        {
            return "checksum mismatch";
        }

        payloadLength = size;
        count = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        return null;
    }

    private ReadOnlySpan<byte> Encode(IReadOnlyList<UsageEvent> events)
    {
        _buffer.ResetWrittenCount();
        _buffer.GetSpan(HeaderSize);
        _buffer.Advance(HeaderSize);
        using (var json = new Utf8JsonWriter(_buffer))
        {
            JsonSerializer.Serialize(json, new UsageEventBatch(events), ContractJson.Options);
        }

        var record = MemoryMarshal.AsMemory(_buffer.WrittenMemory).Span;
        BinaryPrimitives.WriteUInt32LittleEndian(record, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)(record.Length - HeaderSize));
        BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)events.Count);
        var crc = ~Crc32C.Append(Crc32C.Append(~0u, record[4..12]), record[HeaderSize..]);
        BinaryPrimitives.WriteUInt32LittleEndian(record[12..], crc);
        return record;
    }

    private void OpenTail(int recordLength)
    {
        _tail?.Dispose();
        _tail = null;
        if (_segments.Count > 0 && _segments[^1].Length + recordLength <= _segmentBytes)
        {
            // The last segment from before a restart still has room.
            var (last, length) = _segments[^1];
            _tail = new FileStream(SegmentPath(last), FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            _tail.Seek(length, SeekOrigin.Begin);
            return;
        }

        var sequence = _nextSegment;
        _tail = new FileStream(SegmentPath(sequence), FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        _nextSegment++;
        if (_records == 0)
        {
            (_cursorSegment, _cursorOffset) = (sequence, 0);
        }

        _segments.Add((sequence, 0));
    }

    /// <summary>The segment at <paramref name="index"/> is done: the cursor moves to the next one, then the file goes.</summary>
    private void DropHeadSegment(int index)
    {
        var (sequence, length) = _segments[index];
        (_cursorSegment, _cursorOffset) = (_segments[index + 1].Sequence, 0);
        WriteCursor(); // first the cursor: a crash in between leaves a file the next open deletes
        _segments.RemoveAt(index);
        _bytes -= length;
        TryDelete(SegmentPath(sequence));
    }

    /// <summary>Everything replayed: all segments go, and the next append starts a fresh one.</summary>
    private void Reset()
    {
        _tail?.Dispose();
        _tail = null;
        (_cursorSegment, _cursorOffset) = (_nextSegment, 0);
        WriteCursor();
        foreach (var (sequence, _) in _segments)
        {
            TryDelete(SegmentPath(sequence));
        }

        _segments.Clear();
        _records = 0;
        _events = 0;
        _bytes = 0;
    }

    private (long Segment, long Offset) ReadCursor()
    {
        try
        {
            var bytes = File.ReadAllBytes(Path.Combine(Directory, CursorFileName));
            if (bytes.Length == CursorSize && Crc32C.Compute(bytes.AsSpan(0, 16)) == BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(16)))
            {
                return (BinaryPrimitives.ReadInt64LittleEndian(bytes), BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8)));
            }
        }
        catch (FileNotFoundException)
        {
        }

        return (0, 0); // none or unreadable: replay everything there is (duplicates are harmless, losses are not)
    }

    private void WriteCursor()
    {
        Span<byte> bytes = stackalloc byte[CursorSize];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, _cursorSegment);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[8..], _cursorOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[16..], Crc32C.Compute(bytes[..16]));
        var path = Path.Combine(Directory, CursorFileName);
        try
        {
            using (var file = new FileStream(path + ".tmp", FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                file.Write(bytes);
            }

            File.Move(path + ".tmp", path, overwrite: true);
        }
        catch (IOException)
        {
            // A cursor that lags only means re-publishing; the next advance writes it again.
        }
    }

    private SafeFileHandle OpenRead(long sequence) =>
        File.OpenHandle(SegmentPath(sequence), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

    private string SegmentPath(long sequence) => Path.Combine(Directory, sequence.ToString("D20", System.Globalization.CultureInfo.InvariantCulture) + SegmentExtension);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}
