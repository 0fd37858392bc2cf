namespace DataPlane.Tests.Governance;

/// <summary>The governance tests share one pair of replicas and one Redis; each test has its own keys and counters.</summary>
[CollectionDefinition(Name)]
public sealed class GovernanceCollection : ICollectionFixture<GovernanceFixture>
{
    public const string Name = "governance";
}
