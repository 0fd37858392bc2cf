namespace ControlPlane.Http;

internal static class RequestLimits
{
    /// <summary>Admin request bodies are small; anything over 1 MiB is refused with 413.</summary>
    public const long MaxBodyBytes = 1024 * 1024;
}
