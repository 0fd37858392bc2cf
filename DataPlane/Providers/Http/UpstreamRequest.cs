namespace DataPlane.Providers.Http;

/// <summary>What an adapter built to send: the message, and the pooled body it points into (freed with the call).</summary>
internal sealed record UpstreamRequest(HttpRequestMessage Message, IDisposable? BodyOwner);
