using AppHost;
using AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);
var settings = GatewaySettings.From(builder.Configuration);
var secrets = GatewaySecrets.Resolve(builder, settings);
var infra = builder.AddGatewayInfrastructure(settings); // containers, or local processes when no runtime answers

var logIngestor = builder.AddProject<Projects.LogIngestor>("log-ingestor", launchProfileName: null)
    .WithHttpEndpoint() // only for /health; Aspire picks the port
    .WithHttpHealthCheck("/health")
    .WithDependency(infra.AnalyticsDb)
    .WithDependency(infra.RabbitMq);

var controlPlane = builder.AddProject<Projects.ControlPlane>("control-plane", launchProfileName: null)
    .WithFixedHttpPort(settings.ControlPlanePort, settings.ListenHost)
    .WithDependency(infra.CatalogDb)
    .WithDependency(infra.AnalyticsDb)
    .WithDependency(infra.Redis)
    .WithEnvironment("Gateway__AdminApiKey", secrets.AdminApiKey)
    .WithEnvironment("Gateway__SecretKey", secrets.SecretKey)
    .WaitFor(logIngestor); // the analytics schema it reads is migrated by LogIngestor

builder.AddProject<Projects.DataPlane>("data-plane", launchProfileName: null)
    .WithFixedHttpPort(settings.DataPlanePort, settings.ListenHost)
    .WithDependency(infra.Redis)
    .WithDependency(infra.RabbitMq)
    .WithEnvironment("Gateway__SecretKey", secrets.SecretKey)
    // With Kestrel's inline scheduling (on by default): ~1.5x requests/s on one core, see bench/.
    .WithEnvironment("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1")
    .WithEnvironment("Gateway__SnapshotCachePath", Path.Combine(settings.StateDirectory, "data-plane-snapshot.json"))
    .WaitFor(controlPlane); // it serves from the snapshot the control plane publishes

builder.Build().Run();
