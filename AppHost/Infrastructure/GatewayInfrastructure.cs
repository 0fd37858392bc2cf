namespace AppHost.Infrastructure;

/// <summary>
/// The servers the services need, under the same resource (and connection string) names in both modes:
/// <c>catalogdb</c>, <c>analyticsdb</c>, <c>redis</c>, <c>rabbitmq</c>.
/// </summary>
internal sealed record GatewayInfrastructure(
    Dependency CatalogDb,
    Dependency AnalyticsDb,
    Dependency Redis,
    Dependency RabbitMq);
