using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Npgsql;

namespace TestKit.Postgres;

/// <summary>
/// A throwaway PostgreSQL cluster: <c>initdb</c> into a fresh temp dir, <c>postgres</c> on a free loopback
/// port with trust auth and no fsync, stopped and deleted on dispose. As root (CI) both run as the
/// <c>postgres</c> OS user, as PostgreSQL refuses root.
/// <para>
/// Use it as an xunit.v3 assembly fixture — <c>[assembly: AssemblyFixture(typeof(PostgresServer))]</c> — and
/// take it in a test class's constructor; give each test (or class) its own database with
/// <see cref="CreateDatabaseAsync"/> so tests never see each other's data.
/// </para>
/// </summary>
public sealed partial class PostgresServer : IAsyncLifetime
{
    private const string SuperUser = "postgres";
    private const string OsUser = "postgres";
    private const int PortAttempts = 3;
    private static readonly TimeSpan InitDbTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly ProcessLog _log = new(200);
    private readonly SemaphoreSlim _createGate = new(1, 1);
    private string? _rootDir;
    private Process? _server;
    private string? _adminConnectionString;

    public string Host => "127.0.0.1";

    public int Port { get; private set; }

    /// <summary>The <c>postgres</c> database as the superuser.</summary>
    public string AdminConnectionString =>
        _adminConnectionString ?? throw new InvalidOperationException("The PostgreSQL server is not started.");

    /// <summary>The server's recent output (initdb's and postgres's), for diagnosing a failure.</summary>
    public string RecentOutput => _log.ToString();

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(InitDbTimeout + StartTimeout * PortAttempts);
        await StartAsync(timeout.Token);
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_server is not null)
        {
            throw new InvalidOperationException("The PostgreSQL server is already started.");
        }

        var binaries = PostgresBinaries.Locate();
        var asRoot = IsRoot();
        // As root the server runs as 'postgres', which must reach the dir: use /tmp, not a private TMPDIR.
        var tempRoot = asRoot ? "/tmp" : Path.GetTempPath();
        _rootDir = Path.Combine(tempRoot, "pgtest-" + Guid.NewGuid().ToString("N")[..12]);
        var dataDir = Path.Combine(_rootDir, "data");
        var socketDir = Path.Combine(_rootDir, "sock");
        Directory.CreateDirectory(socketDir);
        if (asRoot)
        {
            await RunToEndAsync("chown", ["-R", $"{OsUser}:{OsUser}", _rootDir], asPostgres: false, cancellationToken);
        }

        await RunToEndAsync(
            binaries.InitDb,
            ["-D", dataDir, "-U", SuperUser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"],
            asRoot,
            cancellationToken);

        AppDomain.CurrentDomain.ProcessExit += KillOnProcessExit;
        for (var attempt = 1; ; attempt++)
        {
            // A free port can be taken between our probe and postgres's bind; then postgres exits and we try another.
            Port = FreePort();
            _server = Start(binaries.Postgres, ServerArguments(dataDir, socketDir, Port), asRoot);
            _adminConnectionString = new NpgsqlConnectionStringBuilder
            {
                Host = Host,
                Port = Port,
                Username = SuperUser,
                Database = "postgres",
                IncludeErrorDetail = true,
            }.ConnectionString;

            if (await WaitUntilReadyAsync(_server, cancellationToken))
            {
                return;
            }

            if (attempt == PortAttempts)
            {
                throw new InvalidOperationException(
                    $"PostgreSQL did not start after {PortAttempts} attempts. Its output:{Environment.NewLine}{_log}");
            }

            await StopServerAsync(_server);
        }
    }

    /// <summary>Creates an empty database and returns its connection string (a fresh name when none is given).</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        name ??= "test_" + Guid.NewGuid().ToString("N");
        if (!DatabaseName().IsMatch(name))
        {
            throw new ArgumentException("Use lower-case letters, digits and '_' (max 63), starting with a letter or '_'.", nameof(name));
        }

        // CREATE DATABASE copies template1 and fails if another copy is running.
        await _createGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(AdminConnectionString) { Pooling = false }.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            _createGate.Release();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillOnProcessExit;
        // Idle pooled connections would otherwise be cut mid-session, and logged as errors by whoever owns them.
        NpgsqlConnection.ClearAllPools();
        if (_server is not null)
        {
            await StopServerAsync(_server);
            _server = null;
        }

        DeleteRootDir();
        _createGate.Dispose();
    }

    private static string[] ServerArguments(string dataDir, string socketDir, int port) =>
    [
        "-D", dataDir,
        "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "-k", socketDir,
        "-c", "listen_addresses=127.0.0.1",
        "-c", "fsync=off",
        "-c", "synchronous_commit=off",
        "-c", "full_page_writes=off",
        "-c", "max_connections=200",
        "-c", "shared_buffers=64MB",
    ];

    private async Task<bool> WaitUntilReadyAsync(Process server, CancellationToken cancellationToken)
    {
        var probe = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Pooling = false, Timeout = 2 }.ConnectionString;
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (server.HasExited)
            {
                return false;
            }

            try
            {
                await using var connection = new NpgsqlConnection(probe);
                await connection.OpenAsync(cancellationToken);
                return true;
            }
            catch (NpgsqlException)
            {
                // Not accepting connections yet (or starting up: 57P03).
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        await StopServerAsync(server);
        throw new TimeoutException(
            $"PostgreSQL did not accept connections within {StartTimeout.TotalSeconds} s. Its output:{Environment.NewLine}{_log}");
    }

    private Process Start(string program, IReadOnlyList<string> arguments, bool asPostgres)
    {
        var startInfo = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _rootDir,
        };
        if (asPostgres)
        {
            // setpriv execs in place, so the pid we hold is the program itself and our signals reach it.
            startInfo.FileName = "setpriv";
            foreach (var argument in (string[])[$"--reuid={OsUser}", $"--regid={OsUser}", "--init-groups", program])
            {
                startInfo.ArgumentList.Add(argument);
            }
        }
        else
        {
            startInfo.FileName = program;
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => _log.Add(e.Data);
        process.ErrorDataReceived += (_, e) => _log.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task RunToEndAsync(string program, IReadOnlyList<string> arguments, bool asPostgres, CancellationToken cancellationToken)
    {
        using var process = Start(program, arguments, asPostgres);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(InitDbTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{Path.GetFileName(program)}' did not finish in time. Its output:{Environment.NewLine}{_log}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{Path.GetFileName(program)}' exited with code {process.ExitCode}. Its output:{Environment.NewLine}{_log}");
        }
    }

    /// <summary>
    /// SIGINT is PostgreSQL's "fast" shutdown (SIGTERM's "smart" one waits for every client, pooled ones
    /// included); after <see cref="StopTimeout"/> the process is killed.
    /// </summary>
    private static async Task StopServerAsync(Process server)
    {
        try
        {
            if (!server.HasExited)
            {
                using (var signal = Process.Start(new ProcessStartInfo("kill", ["-INT", server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
                {
                    if (signal is not null)
                    {
                        await signal.WaitForExitAsync();
                    }
                }

                using var timeout = new CancellationTokenSource(StopTimeout);
                try
                {
                    await server.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    server.Kill(entireProcessTree: true);
                    using var killTimeout = new CancellationTokenSource(StopTimeout);
                    await server.WaitForExitAsync(killTimeout.Token);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the signal.
        }
        finally
        {
            server.Dispose();
        }
    }

    private void KillOnProcessExit(object? sender, EventArgs e)
    {
        try
        {
            if (_server is { HasExited: false } server)
            {
                server.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private void DeleteRootDir()
    {
        if (_rootDir is null || !Directory.Exists(_rootDir))
        {
            return;
        }

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            try
            {
                Directory.Delete(_rootDir, recursive: true);
                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException && attempt < 5)
            {
                // A just-stopped server may still be closing files.
                Thread.Sleep(200);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Effective uid 0, read from /proc (no P/Invoke); falls back to the user name.</summary>
    private static bool IsRoot()
    {
        try
        {
            var uidLine = File.ReadLines("/proc/self/status").FirstOrDefault(line => line.StartsWith("Uid:", StringComparison.Ordinal));
            var fields = uidLine?.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (fields is { Length: >= 3 })
            {
                return fields[2] == "0";
            }
        }
        catch (IOException)
        {
            // Not Linux; fall through.
        }

        return Environment.UserName == "root";
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
