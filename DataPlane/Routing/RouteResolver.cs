using DataPlane.Errors;
using DataPlane.Snapshots;

namespace DataPlane.Routing;

/// <summary>
/// Chooses where a request goes. Today: the model/header reference (CONTRACT.md §2 steps 2–3).
/// Seam: routing configs (§4, header <c>x-portkey-config</c> or the key's default config) come first
/// here and will return a route plan of several targets (fallback, loadbalance…) instead of one.
/// </summary>
internal static class RouteResolver
{
    public static RouteTarget? Resolve(string model, string? providerHeader, RuntimeApiKey key, RuntimeSnapshot snapshot, out GatewayError? error)
    {
        if (ModelReferenceParser.Parse(model, providerHeader, out error) is not { } reference)
        {
            return null;
        }

        // Another workspace's provider is as unknown as a missing one (404, not 403).
        if (!snapshot.ProvidersBySlug.TryGetValue(reference.ProviderSlug, out var provider) || !provider.IsVisibleTo(key))
        {
            error = GatewayError.ProviderNotFound(reference.ProviderSlug);
            return null;
        }

        if (!provider.Allows(reference.Model))
        {
            error = GatewayError.ModelNotAllowed(provider.Slug, reference.Model);
            return null;
        }

        return new RouteTarget(provider, reference.Model);
    }
}
