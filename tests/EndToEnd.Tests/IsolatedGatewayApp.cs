namespace EndToEnd.Tests;

/// <summary>
/// A second, private app for tests that break it on purpose (stopping servers): the shared app stays whole.
/// Its collection runs alone, after the parallel ones, so two apps never compete for the two cores.
/// </summary>
public sealed class IsolatedGatewayApp : GatewayAppFixture;

[CollectionDefinition(nameof(IsolatedGatewayApp), DisableParallelization = true)]
public sealed class IsolatedGatewayAppCollection : ICollectionFixture<IsolatedGatewayApp>;
