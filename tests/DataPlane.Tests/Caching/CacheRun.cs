using DataPlane.Providers;

namespace DataPlane.Tests.Caching;

/// <summary>What one request through the cache produced: the status, the bytes and headers the client got, the outcome.</summary>
internal sealed record CacheRun(string Status, byte[] Body, string? ContentType, ReplyOutcome Outcome, bool UpstreamCalled)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);
}
