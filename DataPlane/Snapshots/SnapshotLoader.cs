using System.Text.Json;
using Contracts.Json;
using Contracts.Security;
using Contracts.Snapshots;

namespace DataPlane.Snapshots;

/// <summary>Turns snapshot JSON into a <see cref="RuntimeSnapshot"/>.</summary>
internal sealed class SnapshotLoader(SecretProtector protector, ILogger<SnapshotLoader> logger)
{
    /// <returns>The snapshot, or null when the JSON is not a snapshot (logged).</returns>
    public RuntimeSnapshot? Load(ReadOnlySpan<byte> json, string source)
    {
        GatewaySnapshot? snapshot;
        try
        {
            snapshot = JsonSerializer.Deserialize<GatewaySnapshot>(json, ContractJson.Options);
        }
        catch (JsonException ex)
        {
            Log.SnapshotInvalid(logger, source, ex.Message);
            return null;
        }

        if (snapshot is null)
        {
            Log.SnapshotInvalid(logger, source, "empty document");
            return null;
        }

        return RuntimeSnapshot.Build(snapshot, protector, slug => Log.ProviderSecretUnreadable(logger, slug));
    }
}
