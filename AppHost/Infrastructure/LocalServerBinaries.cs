namespace AppHost.Infrastructure;

/// <summary>Where Debian's postgresql, redis-server and rabbitmq-server put their programs.</summary>
internal sealed record LocalServerBinaries(string PostgresBin, string RedisServer, string RabbitMqServer, string Epmd)
{
    /// <summary>Finds the servers, installing them with the project's script first when any is missing.</summary>
    public static LocalServerBinaries Find(string repositoryRoot)
    {
        if (TryFind() is { } found)
        {
            return found;
        }

        var script = Path.Combine(repositoryRoot, "scripts", "install-local-servers.sh");
        Console.WriteLine($"No container runtime and some local servers are missing: running {script} (apt-get)...");
        ProcessRunner.Run("bash", [script], timeout: TimeSpan.FromMinutes(15));
        return TryFind() ?? throw new InvalidOperationException(
            $"PostgreSQL, Redis or RabbitMQ is still missing after {script}; install them, or start a container runtime.");
    }

    private static LocalServerBinaries? TryFind()
    {
        var postgresBin = NewestVersionDirectory("/usr/lib/postgresql", "bin", "postgres");
        var redis = FirstExisting("/usr/bin/redis-server", "/usr/local/bin/redis-server");
        var rabbit = FirstExisting("/usr/lib/rabbitmq/bin/rabbitmq-server");
        var epmd = FirstExisting("/usr/bin/epmd", "/usr/local/bin/epmd");
        return postgresBin is null || redis is null || rabbit is null || epmd is null
            ? null
            : new LocalServerBinaries(postgresBin, redis, rabbit, epmd);
    }

    private static string? FirstExisting(params string[] paths) => paths.FirstOrDefault(File.Exists);

    /// <summary>Debian keeps one directory per major version, e.g. /usr/lib/postgresql/15/bin.</summary>
    private static string? NewestVersionDirectory(string root, string subdirectory, string program) =>
        Directory.Exists(root)
            ? Directory.EnumerateDirectories(root)
                .Select(version => Path.Combine(version, subdirectory))
                .Where(bin => File.Exists(Path.Combine(bin, program)))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;
}
