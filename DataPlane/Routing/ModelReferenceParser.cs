using DataPlane.Errors;
using DataPlane.Headers;

namespace DataPlane.Routing;

/// <summary>
/// CONTRACT.md §2 steps 2 and 3: <c>model: "@slug/model-id"</c> (split at the first '/' after the slug),
/// else <c>x-portkey-provider: @slug</c> (or <c>slug</c>) with a plain model.
/// </summary>
internal static class ModelReferenceParser
{
    private const string HowToName =
        "Name a provider as model '@provider-slug/model-id' or with header 'x-portkey-provider: @provider-slug'.";

    public static ModelReference? Parse(string model, string? providerHeader, out GatewayError? error)
    {
        error = null;
        if (model.StartsWith('@'))
        {
            var slash = model.IndexOf('/', 1);
            if (slash <= 1 || slash == model.Length - 1)
            {
                error = GatewayError.InvalidRequest($"Model '{model}' is not of the form '@provider-slug/model-id'. {HowToName}", "model");
                return null;
            }

            return new ModelReference(model[1..slash], model[(slash + 1)..]);
        }

        var slug = providerHeader?.Trim().TrimStart('@');
        if (!string.IsNullOrEmpty(slug))
        {
            return new ModelReference(slug, model);
        }

        error = GatewayError.InvalidRequest($"No provider for model '{model}'. {HowToName}", "model", "provider_missing");
        return null;
    }
}
