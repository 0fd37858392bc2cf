namespace AppHost.Tests;

public sealed class PersistedSecretTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("persisted-secret-").FullName;

    [Fact]
    public void ReadOrCreate_GeneratesOnce_ThenReturnsTheSameValue()
    {
        var path = Path.Combine(_directory, "admin-api-key");
        var calls = 0;
        var first = PersistedSecret.ReadOrCreate(path, () => $"secret-{++calls}");
        var second = PersistedSecret.ReadOrCreate(path, () => $"secret-{++calls}");

        Assert.Equal("secret-1", first);
        Assert.Equal(first, second);
        Assert.Equal(1, calls);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void ReadOrCreate_WritesAFileOnlyTheOwnerCanRead()
    {
        var path = Path.Combine(_directory, "secret-key");
        PersistedSecret.ReadOrCreate(path, () => "value");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
