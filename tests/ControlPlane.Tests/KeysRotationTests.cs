using Contracts.Security;
using ControlPlane.ApiKeys;
using ControlPlane.Catalog;
using ControlPlane.Snapshots;

namespace ControlPlane.Tests;

public sealed class KeysRotationTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static ApiKey Key(DateTimeOffset? expiresAt = null) => new()
    {
        Id = Guid.NewGuid(), Name = "ci", Type = ApiKeyTypes.Workspace, SubType = ApiKeyTypes.Service, WorkspaceId = Guid.NewGuid(),
        KeyHash = ApiKeyHasher.Hash("pk-old"), Scopes = ["completions.write"], ExpiresAt = expiresAt,
    };

    [Fact]
    public void Rotate_WithoutGrace_ReplacesHashAndKeepsNoPrevious()
    {
        var key = Key();
        var secret = ApiKeyRotation.Rotate(key, 0, Now);
        Assert.Equal(ApiKeyHasher.Hash(secret), key.KeyHash);
        Assert.NotEqual(ApiKeyHasher.Hash("pk-old"), key.KeyHash);
        Assert.Null(key.PreviousKeyHash);
        Assert.Null(key.PreviousKeyExpiresAt);
        Assert.Equal(Now, key.UpdatedAt);
    }

    [Fact]
    public void Rotate_WithGrace_KeepsOldHashUntilGraceEnd()
    {
        var key = Key();
        ApiKeyRotation.Rotate(key, 300, Now);
        Assert.Equal(ApiKeyHasher.Hash("pk-old"), key.PreviousKeyHash);
        Assert.Equal(Now.AddSeconds(300), key.PreviousKeyExpiresAt);
    }

    [Fact]
    public void Rotate_WithGracePastKeyExpiry_EndsGraceAtKeyExpiry()
    {
        var key = Key(Now.AddSeconds(60));
        ApiKeyRotation.Rotate(key, 300, Now);
        Assert.Equal(Now.AddSeconds(60), key.PreviousKeyExpiresAt);
    }

    [Fact]
    public void Rotate_Twice_OnlyTheLastReplacedSecretStaysInGrace()
    {
        var key = Key();
        var second = ApiKeyRotation.Rotate(key, 300, Now);
        ApiKeyRotation.Rotate(key, 300, Now.AddSeconds(1));
        Assert.Equal(ApiKeyHasher.Hash(second), key.PreviousKeyHash);
    }

    [Fact]
    public void Snapshot_DuringGrace_CarriesBothHashesForTheSameKey()
    {
        var key = Key();
        var secret = ApiKeyRotation.Rotate(key, 300, Now);
        var entries = SnapshotBuilder.Build(1, Now.AddSeconds(1), [], [], [key]).ApiKeys;
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal(key.Id, e.Id));
        Assert.Equal(ApiKeyHasher.Hash(secret), entries[0].KeyHash);
        Assert.Null(entries[0].ExpiresAt);
        Assert.Equal((ApiKeyHasher.Hash("pk-old"), Now.AddSeconds(300)), (entries[1].KeyHash, entries[1].ExpiresAt));
    }

    [Fact]
    public void Snapshot_AfterGrace_LeavesOutTheOldHash()
    {
        var key = Key();
        ApiKeyRotation.Rotate(key, 300, Now);
        var entry = Assert.Single(SnapshotBuilder.Build(1, Now.AddSeconds(301), [], [], [key]).ApiKeys);
        Assert.Equal(key.KeyHash, entry.KeyHash);
    }

    [Fact]
    public void Snapshot_RevokedDuringGrace_CarriesNeitherHash()
    {
        var key = Key();
        ApiKeyRotation.Rotate(key, 300, Now);
        key.RevokedAt = Now;
        Assert.Empty(SnapshotBuilder.Build(1, Now, [], [], [key]).ApiKeys);
    }
}
