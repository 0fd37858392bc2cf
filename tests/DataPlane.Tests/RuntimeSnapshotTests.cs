using System.Security.Cryptography;
using Contracts.Security;
using DataPlane.Snapshots;

namespace DataPlane.Tests;

public sealed class RuntimeSnapshotTests
{
    [Fact]
    public void Build_DecryptsProviderSecrets_AndIndexesKeysByHash()
    {
        var snapshot = RuntimeSnapshot.Build(TestSnapshot.Build(7), new SecretProtector(TestSnapshot.SecretKey));

        Assert.Equal(7, snapshot.Version);
        Assert.Equal(TestSnapshot.ProviderSecret, snapshot.ProvidersBySlug["mock-a"].ApiKey);
        Assert.Null(snapshot.ProvidersBySlug["mock-shared"].ApiKey);
        Assert.Equal(TestSnapshot.CompletionKeyId, snapshot.KeysByHash[ApiKeyHasher.Hash(TestSnapshot.CompletionKey)].Id);
    }

    [Fact]
    public void Build_WithWrongSecretKey_KeepsProviderWithoutKey_AndReportsSlug()
    {
        var wrong = new SecretProtector(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var unreadable = new List<string>();

        var snapshot = RuntimeSnapshot.Build(TestSnapshot.Build(), wrong, unreadable.Add);

        Assert.Null(snapshot.ProvidersBySlug["mock-a"].ApiKey);
        Assert.Equal(["mock-a", "openai-prod"], unreadable.Order());
    }
}
