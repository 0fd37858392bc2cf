namespace DataPlane.Providers.Azure;

/// <summary>One Entra ID client's cached token and the gate that lets one fetch run at a time.</summary>
internal sealed class EntraTokenSlot(EntraClient client)
{
    public EntraClient Client { get; } = client;

    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>The latest token; replaced whole, read without the gate.</summary>
    public volatile EntraToken? Current;

    /// <summary>The last failed fetch and until when it is answered again instead of asking Entra ID once more.</summary>
    public (Errors.GatewayError Error, DateTimeOffset Until)? LastFailure { get; set; }
}
