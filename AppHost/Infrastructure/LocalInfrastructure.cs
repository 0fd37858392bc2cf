using System.Runtime.Versioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AppHost.Infrastructure;

/// <summary>
/// PostgreSQL, Redis and RabbitMQ as local processes (Debian's packages), for machines without a
/// container runtime. Each run gets free loopback ports and its own temp data directory, so a dev
/// instance and a test run never share state; DCP stops the processes with the app.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class LocalInfrastructure
{
    private const string PostgresUser = "postgres";

    public static GatewayInfrastructure Add(IDistributedApplicationBuilder builder)
    {
        var binaries = LocalServerBinaries.Find(Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..")));
        var runDirectory = RunDirectory.Create();
        builder.Services.AddHostedService(services => new RunDirectoryCleanup(
            services.GetRequiredService<IHostApplicationLifetime>(), runDirectory));

        var postgres = AddPostgres(builder, binaries, Path.Combine(runDirectory, "postgres"));
        var redis = AddRedis(builder, binaries, Path.Combine(runDirectory, "redis"));
        var rabbitMq = AddRabbitMq(builder, binaries, Path.Combine(runDirectory, "rabbitmq"));
        return new(
            Database(builder, postgres, "catalogdb"),
            Database(builder, postgres, "analyticsdb"),
            Server(builder, redis),
            Server(builder, rabbitMq));
    }

    private static IResourceBuilder<LocalServerResource> AddPostgres(
        IDistributedApplicationBuilder builder, LocalServerBinaries binaries, string directory)
    {
        var port = FreePort.Next();
        var data = Path.Combine(directory, "data");
        var sockets = Path.Combine(directory, "sockets");
        Directory.CreateDirectory(sockets);
        if (Environment.IsPrivilegedProcess)
        {
            // initdb and postgres refuse to run as root.
            ProcessRunner.Run("chown", ["-R", $"{PostgresUser}:{PostgresUser}", directory]);
        }

        // Set up before DCP starts the server: a fresh cluster with both databases, in about a second.
        var (initdb, initdbArgs) = AsPostgresUser(Path.Combine(binaries.PostgresBin, "initdb"),
            ["-D", data, "-U", PostgresUser, "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"]);
        ProcessRunner.Run(initdb, initdbArgs);
        var (single, singleArgs) = AsPostgresUser(Path.Combine(binaries.PostgresBin, "postgres"),
            ["--single", "-D", data, "-c", "fsync=off", PostgresUser]);
        ProcessRunner.Run(single, singleArgs, "CREATE DATABASE catalogdb;\nCREATE DATABASE analyticsdb;\n");

        var connectionString = $"Host=127.0.0.1;Port={port};Username={PostgresUser}";
        var (command, args) = AsPostgresUser(Path.Combine(binaries.PostgresBin, "postgres"),
        [
            "-D", data, "-p", port.ToString(), "-k", sockets,
            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=200",
        ]);
        var healthCheck = "postgres-ready";
        builder.Services.AddHealthChecks().AddNpgSql($"{connectionString};Database={PostgresUser}", name: healthCheck);
        return builder.AddResource(new LocalServerResource("postgres", command, directory, connectionString))
            .WithArgs(args)
            .WithHealthCheck(healthCheck);
    }

    private static IResourceBuilder<LocalServerResource> AddRedis(
        IDistributedApplicationBuilder builder, LocalServerBinaries binaries, string directory)
    {
        var port = FreePort.Next();
        Directory.CreateDirectory(directory);
        var healthCheck = "redis-ready";
        var connectionString = $"127.0.0.1:{port}";
        builder.Services.AddHealthChecks().AddRedis(connectionString, name: healthCheck);
        return builder.AddResource(new LocalServerResource("redis", binaries.RedisServer, directory, connectionString))
            .WithArgs("--port", port.ToString(), "--bind", "127.0.0.1", "--dir", directory, "--save", "", "--appendonly", "no")
            .WithHealthCheck(healthCheck);
    }

    private static IResourceBuilder<LocalServerResource> AddRabbitMq(
        IDistributedApplicationBuilder builder, LocalServerBinaries binaries, string directory)
    {
        int port = FreePort.Next(), distributionPort = FreePort.Next(), epmdPort = FreePort.Next();
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "enabled_plugins"), "[].");
        File.WriteAllText(Path.Combine(directory, "rabbitmq.conf"), "log.console = true\nlog.file = false\n");

        // epmd is a resource of its own so that it stops with the app instead of outliving it as a daemon.
        var epmdReady = "epmd-ready";
        builder.Services.AddHealthChecks().Add(new(epmdReady, _ => new TcpHealthCheck(epmdPort), null, null));
        var epmd = builder.AddExecutable("epmd", binaries.Epmd, directory, "-port", epmdPort.ToString(), "-address", "127.0.0.1")
            .WithHealthCheck(epmdReady);

        var uri = new Uri($"amqp://guest:guest@127.0.0.1:{port}");
        var rabbitReady = "rabbitmq-ready";
        builder.Services.AddHealthChecks().Add(new(rabbitReady, _ => new RabbitMqHealthCheck(uri), null, null));
        var node = $"rabbit-{Environment.ProcessId}-{port}@localhost";
        return builder.AddResource(new LocalServerResource("rabbitmq", binaries.RabbitMqServer, directory, uri.ToString()))
            .WithEnvironment("HOME", directory)
            .WithEnvironment("RABBITMQ_NODENAME", node)
            .WithEnvironment("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1")
            .WithEnvironment("RABBITMQ_NODE_PORT", port.ToString())
            .WithEnvironment("RABBITMQ_DIST_PORT", distributionPort.ToString())
            .WithEnvironment("ERL_EPMD_PORT", epmdPort.ToString())
            .WithEnvironment("RABBITMQ_MNESIA_BASE", Path.Combine(directory, "mnesia"))
            .WithEnvironment("RABBITMQ_LOG_BASE", Path.Combine(directory, "log"))
            .WithEnvironment("RABBITMQ_ENABLED_PLUGINS_FILE", Path.Combine(directory, "enabled_plugins"))
            .WithEnvironment("RABBITMQ_CONFIG_FILE", Path.Combine(directory, "rabbitmq.conf"))
            .WithEnvironment("RABBITMQ_ADVANCED_CONFIG_FILE", Path.Combine(directory, "advanced.config"))
            .WithEnvironment("RABBITMQ_CONF_ENV_FILE", Path.Combine(directory, "rabbitmq-env.conf"))
            // Keep the Erlang distribution on loopback, and never start a stray epmd of its own.
            .WithEnvironment("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1} -start_epmd false")
            .WaitFor(epmd)
            .WithHealthCheck(rabbitReady);
    }

    private static Dependency Database(
        IDistributedApplicationBuilder builder, IResourceBuilder<LocalServerResource> server, string name) =>
        new(builder.AddResource<IResourceWithConnectionString>(new LocalDatabaseResource(name, name, server.Resource)),
            builder.CreateResourceBuilder<IResource>(server.Resource));

    private static Dependency Server(IDistributedApplicationBuilder builder, IResourceBuilder<LocalServerResource> server) =>
        new(builder.CreateResourceBuilder<IResourceWithConnectionString>(server.Resource),
            builder.CreateResourceBuilder<IResource>(server.Resource));

    private static (string Command, string[] Args) AsPostgresUser(string program, string[] args) =>
        Environment.IsPrivilegedProcess
            // setpriv execs in place, so DCP's signals reach postgres itself.
            ? ("setpriv", ["--reuid=" + PostgresUser, "--regid=" + PostgresUser, "--init-groups", program, .. args])
            : (program, args);
}
