namespace ControlPlane.ApiKeys;

/// <summary>The answer to a create: the only time the secret <see cref="Key"/> is ever shown.</summary>
internal sealed record CreatedApiKeyResponse : ApiKeyResponse
{
    public required string Key { get; init; }
}
