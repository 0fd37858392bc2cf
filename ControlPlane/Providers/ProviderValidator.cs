using System.Text.Json;
using ControlPlane.Http;
using ControlPlane.Limits;
using ControlPlane.Providers.Configurations;

namespace ControlPlane.Providers;

/// <summary>Field rules of <see cref="ProviderRequest"/>; errors are keyed by the JSON field name.</summary>
internal static class ProviderValidator
{
    private const int MaxNameLength = 200;
    private const int MaxModels = 1000;

    /// <param name="stored">Null on create; on update, the provider being changed (absent fields keep its values).</param>
    public static ValidationErrors Validate(ProviderRequest request, Catalog.Provider? stored)
    {
        var errors = new ValidationErrors();
        var creating = stored is null;

        if (request.Name is not null || creating)
        {
            if (string.IsNullOrWhiteSpace(request.Name))
            {
                errors.Add("name", "is required.");
            }
            else if (request.Name.Length > MaxNameLength)
            {
                errors.Add("name", $"must be at most {MaxNameLength} characters.");
            }
        }

        if (request.Slug is not null || creating)
        {
            if (string.IsNullOrEmpty(request.Slug))
            {
                errors.Add("slug", "is required.");
            }
            else if (!SlugRules.IsValid(request.Slug))
            {
                errors.Add("slug", SlugRules.Description);
            }
        }

        if (request.AiProvider is not null || creating)
        {
            if (string.IsNullOrEmpty(request.AiProvider))
            {
                errors.Add("ai_provider", "is required.");
            }
            else if (!AiProviders.Known.Contains(request.AiProvider))
            {
                errors.Add("ai_provider", $"must be one of: {string.Join(", ", AiProviders.Known.Order(StringComparer.Ordinal))}.");
            }
        }

        if (request.Key is { Length: > 10_000 })
        {
            errors.Add("key", "must be at most 10000 characters.");
        }

        if (request.BaseUrl is not null && !IsHttpUrl(request.BaseUrl))
        {
            errors.Add("base_url", "must be an absolute http or https URL.");
        }

        var aiProvider = request.AiProvider ?? stored?.AiProvider;
        var baseUrl = request.BaseUrl ?? stored?.BaseUrl;
        if (aiProvider == AiProviders.OpenAiCompatible && string.IsNullOrEmpty(baseUrl))
        {
            errors.Add("base_url", "is required when ai_provider is 'openai-compatible'.");
        }

        if (request.Configurations is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null) })
        {
            errors.Add("configurations", "must be a JSON object.");
        }
        else
        {
            var configurations = request.Configurations
                ?? (stored?.Configurations is { } text ? JsonSerializer.Deserialize<JsonElement>(text) : null);
            var hasKey = !string.IsNullOrEmpty(request.Key) || stored?.EncryptedKey is not null;
            ProviderConfigurations.Validate(aiProvider, configurations, hasKey, request.Key, !string.IsNullOrEmpty(baseUrl), errors);
        }

        if (request.Models is { } models)
        {
            if (models.Count > MaxModels)
            {
                errors.Add("models", $"must hold at most {MaxModels} model ids.");
            }

            for (var i = 0; i < models.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(models[i]) || models[i]!.Length > MaxNameLength)
                {
                    errors.Add($"models[{i}]", $"must be a non-empty model id of at most {MaxNameLength} characters.");
                }
            }
        }

        LimitsValidator.Validate(request.UsageLimits, errors);
        LimitsValidator.Validate(request.RateLimits, errors);
        return errors;
    }

    public static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host);
}
