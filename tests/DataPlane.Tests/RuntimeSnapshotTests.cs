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

    [Fact]
    public void Build_DecryptsEncryptedSettings_WhichSettingReadsByTheirPlainName()
    {
        var protector = new SecretProtector(TestSnapshot.SecretKey);
        var bedrock = new Contracts.Snapshots.ProviderEntry
        {
            Id = Guid.NewGuid(), Slug = "bedrock-temp", Name = "Bedrock", AiProvider = "bedrock",
            Configurations = System.Text.Json.JsonSerializer.SerializeToElement(new Dictionary<string, string>
            {
                ["region"] = "us-east-1", ["session_token_encrypted"] = protector.Protect("FwoGZXIvYXdzEXAMPLE"),
            }),
        };
        var gateway = TestSnapshot.Build() with { Providers = [bedrock] };

        var provider = RuntimeSnapshot.Build(gateway, protector).ProvidersBySlug["bedrock-temp"];
        Assert.Equal("FwoGZXIvYXdzEXAMPLE", provider.Setting("session_token"));
        Assert.Equal("us-east-1", provider.Setting("region"));

        var unreadable = new List<string>();
        var wrong = new SecretProtector(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        Assert.Null(RuntimeSnapshot.Build(gateway, wrong, unreadable.Add).ProvidersBySlug["bedrock-temp"].Setting("session_token"));
        Assert.Equal(["bedrock-temp"], unreadable);
    }
}
