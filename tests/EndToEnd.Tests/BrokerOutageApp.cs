namespace EndToEnd.Tests;

/// <summary>A private app whose RabbitMQ (and data plane) the durability tests stop and start again.</summary>
public sealed class BrokerOutageApp : GatewayAppFixture;

[CollectionDefinition(nameof(BrokerOutageApp), DisableParallelization = true)]
public sealed class BrokerOutageAppCollection : ICollectionFixture<BrokerOutageApp>;
