namespace TestKit.Postgres;

/// <summary>Where <c>initdb</c> and <c>postgres</c> are: Debian's newest <c>/usr/lib/postgresql/N/bin</c>, else PATH.</summary>
public sealed record PostgresBinaries(string InitDb, string Postgres)
{
    private const string DebianRoot = "/usr/lib/postgresql";

    public static PostgresBinaries Locate()
    {
        if (Directory.Exists(DebianRoot))
        {
            var newest = Directory.EnumerateDirectories(DebianRoot)
                .Select(dir => (Dir: dir, Version: decimal.TryParse(Path.GetFileName(dir), out var v) ? v : -1m))
                .Where(candidate => candidate.Version >= 0 && File.Exists(Path.Combine(candidate.Dir, "bin", "postgres")))
                .OrderByDescending(candidate => candidate.Version)
                .Select(candidate => Path.Combine(candidate.Dir, "bin"))
                .FirstOrDefault();
            if (newest is not null && File.Exists(Path.Combine(newest, "initdb")))
            {
                return new PostgresBinaries(Path.Combine(newest, "initdb"), Path.Combine(newest, "postgres"));
            }
        }

        var initDb = FindOnPath("initdb");
        var postgres = FindOnPath("postgres");
        if (initDb is null || postgres is null)
        {
            throw new InvalidOperationException(
                $"PostgreSQL server binaries not found in {DebianRoot}/<version>/bin or on PATH; install the 'postgresql' package.");
        }

        return new PostgresBinaries(initDb, postgres);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
