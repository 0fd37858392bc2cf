using System.Text.Json;
using Contracts.Configs;
using ControlPlane.Http;

namespace ControlPlane.Configs;

/// <summary>Field checks of the config bodies; the routing config itself is checked by <see cref="ConfigValidator"/>.</summary>
internal static class ConfigRequestValidator
{
    public const int MaxNameLength = 200;

    public static ValidationErrors ValidateCreate(CreateConfigRequest request, IReadOnlySet<string>? knownProviderSlugs)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            errors.Add("name", "is required");
        }
        else
        {
            ValidateName(request.Name, errors);
        }

        if (request.Config is not { } config || config.ValueKind == JsonValueKind.Null)
        {
            errors.Add("config", "is required: a routing config object");
        }
        else
        {
            ValidateConfig(config, knownProviderSlugs, errors);
        }

        return errors;
    }

    public static ValidationErrors ValidateUpdate(UpdateConfigRequest request, IReadOnlySet<string>? knownProviderSlugs)
    {
        var errors = new ValidationErrors();
        var config = request.Config is { ValueKind: not JsonValueKind.Null } c ? c : (JsonElement?)null;
        if (request.Name is null && config is null)
        {
            errors.Add("name", "name or config is required");
            return errors;
        }

        if (request.Name is not null)
        {
            ValidateName(request.Name, errors);
        }

        if (config is { } value)
        {
            ValidateConfig(value, knownProviderSlugs, errors);
        }

        return errors;
    }

    private static void ValidateName(string name, ValidationErrors errors)
    {
        if (name.Trim().Length == 0)
        {
            errors.Add("name", "must not be empty");
        }
        else if (name.Trim().Length > MaxNameLength)
        {
            errors.Add("name", $"must be at most {MaxNameLength} characters");
        }
    }

    private static void ValidateConfig(JsonElement config, IReadOnlySet<string>? knownProviderSlugs, ValidationErrors errors)
    {
        foreach (var (path, messages) in ConfigValidator.Validate(config, knownProviderSlugs, rootPath: "config").Errors)
        {
            foreach (var message in messages)
            {
                errors.Add(path, message);
            }
        }
    }
}
