using ControlPlane.Catalog.EntityConfigurations;
using ControlPlane.Http;
using ControlPlane.Providers;

namespace ControlPlane.Prices;

/// <summary>Rules for a price override and the list filters; errors are keyed by the field name.</summary>
internal static class ModelPriceValidator
{
    /// <summary>Far above any real price (o1-pro output is $600), far below what the column holds.</summary>
    public const decimal MaxPricePerMillion = 1_000_000m;
    /// <summary>The column's scale: more decimals would be rounded silently.</summary>
    public const int MaxDecimals = 10;

    public static ValidationErrors Validate(string? aiProvider, string? model, ModelPriceRequest request)
    {
        var errors = new ValidationErrors();
        ValidateAiProvider(aiProvider, errors, required: true);
        ValidateModel(model, errors, required: true);
        ValidatePrice("input_per_million", request.InputPerMillion, required: true, errors);
        ValidatePrice("output_per_million", request.OutputPerMillion, required: true, errors);
        ValidatePrice("cached_input_per_million", request.CachedInputPerMillion, required: false, errors);
        return errors;
    }

    public static ValidationErrors ValidateFilters(string? aiProvider, string? model)
    {
        var errors = new ValidationErrors();
        ValidateAiProvider(aiProvider, errors, required: false);
        ValidateModel(model, errors, required: false);
        return errors;
    }

    private static void ValidateAiProvider(string? aiProvider, ValidationErrors errors, bool required)
    {
        if (aiProvider is null && !required)
        {
            return;
        }

        if (string.IsNullOrEmpty(aiProvider) || !AiProviders.Known.Contains(aiProvider))
        {
            errors.Add("ai_provider", $"must be one of: {string.Join(", ", AiProviders.Known.Order(StringComparer.Ordinal))}.");
        }
    }

    private static void ValidateModel(string? model, ValidationErrors errors, bool required)
    {
        if (model is null && !required)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(model) || model.Length > ModelPriceOverrideConfiguration.MaxModelLength
            || model.Any(char.IsControl) || model != model.Trim())
        {
            errors.Add("model", $"must be a model id of 1-{ModelPriceOverrideConfiguration.MaxModelLength} characters, without surrounding spaces or control characters.");
        }
    }

    private static void ValidatePrice(string field, decimal? value, bool required, ValidationErrors errors)
    {
        if (value is not { } price)
        {
            if (required)
            {
                errors.Add(field, "is required (USD per million tokens).");
            }

            return;
        }

        if (price < 0 || price > MaxPricePerMillion)
        {
            errors.Add(field, $"must be between 0 and {MaxPricePerMillion} (USD per million tokens).");
        }
        else if (price.Scale > MaxDecimals)
        {
            errors.Add(field, $"must have at most {MaxDecimals} decimal places.");
        }
    }
}
