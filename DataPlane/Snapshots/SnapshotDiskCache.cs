using DataPlane.Hosting;
using Microsoft.Extensions.Options;

namespace DataPlane.Snapshots;

/// <summary>
/// The last good snapshot on local disk, as the JSON Redis held (secrets stay encrypted), so a restart
/// can serve while Redis is away. Written to a temporary file and renamed, so a reader never sees half.
/// </summary>
internal sealed class SnapshotDiskCache(IOptions<GatewayOptions> options)
{
    public string Path { get; } = options.Value.ResolveSnapshotCachePath();

    public async Task<byte[]?> ReadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        return await File.ReadAllBytesAsync(Path, cancellationToken);
    }

    public async Task WriteAsync(ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var temp = $"{Path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            await File.WriteAllBytesAsync(temp, json, cancellationToken);
            File.Move(temp, Path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
