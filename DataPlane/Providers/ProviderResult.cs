using DataPlane.Errors;

namespace DataPlane.Providers;

/// <summary>An adapter's outcome: a response to send, or an error value (nothing written yet).</summary>
internal readonly record struct ProviderResult(ProviderResponse? Response, GatewayError? Error)
{
    public static implicit operator ProviderResult(ProviderResponse response) => new(response, null);

    public static implicit operator ProviderResult(GatewayError error) => new(null, error);
}
