namespace AppHost.Infrastructure;

/// <summary>How PostgreSQL, Redis and RabbitMQ run: as containers, or as local processes.</summary>
internal enum InfraMode
{
    Containers,
    Local,
}
