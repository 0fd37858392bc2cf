namespace DataPlane.Providers;

/// <summary>A non-streamed answer's bytes as they will be written, their content type, and the usage they cost.</summary>
internal readonly record struct BufferedAnswer(ReadOnlyMemory<byte> Body, string ContentType, UsageReport Usage);
