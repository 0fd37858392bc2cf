using System.Diagnostics;
using System.Runtime.Versioning;

namespace AppHost.Infrastructure;

/// <summary>
/// One temp directory per run holds every local server's data; it goes away with the app,
/// and directories left by runs that died are removed at the next start.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class RunDirectory
{
    private const string Prefix = "run-";

    public static string Create()
    {
        var root = Path.Combine(Path.GetTempPath(), "portkey-aspire");
        Directory.CreateDirectory(root);
        RemoveAbandoned(root);
        var path = Path.Combine(root, $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return path;
    }

    public static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A server still closing its files; the next start removes what is left.
        }
    }

    private static void RemoveAbandoned(string root)
    {
        foreach (var directory in Directory.EnumerateDirectories(root, Prefix + "*"))
        {
            var name = Path.GetFileName(directory);
            var pidText = name[Prefix.Length..name.IndexOf('-', Prefix.Length)];
            if (int.TryParse(pidText, out var pid) && !IsAlive(pid))
            {
                TryDelete(directory);
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
