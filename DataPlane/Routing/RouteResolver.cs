using DataPlane.Errors;
using DataPlane.Snapshots;

namespace DataPlane.Routing;

/// <summary>
/// Which provider account and model a target means (CONTRACT.md §2, first match wins): the config's <c>provider</c>
/// and <c>override_params.model</c>; else <c>model: "@slug/model-id"</c>; else <c>x-portkey-provider</c> with a plain model.
/// </summary>
internal static class RouteResolver
{
    /// <param name="configProvider">The target's <c>provider</c> slug (without <c>@</c>), if the config names one.</param>
    /// <param name="configModel">The target's <c>override_params.model</c>, if any.</param>
    public static RouteTarget? Resolve(
        string? configProvider, string? configModel, string requestModel, string? providerHeader,
        RuntimeApiKey key, RuntimeSnapshot snapshot, out GatewayError? error)
    {
        ModelReference reference;
        if (configProvider is not null)
        {
            // The config chose the provider; a client's "@other/model" still says which model it wants.
            var model = configModel ?? (ModelReferenceParser.Parse(requestModel, null, out _) is { } asked ? asked.Model : requestModel);
            reference = new ModelReference(configProvider, model);
        }
        else if (ModelReferenceParser.Parse(requestModel, providerHeader, out error) is { } parsed)
        {
            reference = configModel is null ? parsed : parsed with { Model = configModel };
        }
        else
        {
            return null;
        }

        // Another workspace's provider is as unknown as a missing one (404, not 403).
        if (!snapshot.ProvidersBySlug.TryGetValue(reference.ProviderSlug, out var provider) || !provider.IsVisibleTo(key))
        {
            error = GatewayError.ProviderNotFound(reference.ProviderSlug);
            return null;
        }

        if (provider.Entry.Disabled)
        {
            error = GatewayError.ProviderDisabled(provider.Slug);
            return null;
        }

        if (!provider.Allows(reference.Model))
        {
            error = GatewayError.ModelNotAllowed(provider.Slug, reference.Model);
            return null;
        }

        error = null;
        return new RouteTarget(provider, reference.Model);
    }
}
