namespace Contracts.Limits;

/// <summary>What a usage or rate limit is set on; the values are the scope segment of its Redis keys.</summary>
public static class LimitScope
{
    public const string ApiKey = "key";
    public const string Provider = "provider";
    public const string Workspace = "workspace";
}
