using ControlPlane.Catalog;
using ControlPlane.Http;
using ControlPlane.Limits;

namespace ControlPlane.ApiKeys;

/// <summary>Field rules of a key create; errors are keyed by the JSON field (or route parameter) name.</summary>
internal static class ApiKeyValidator
{
    private const int MaxMetadataEntries = 64;

    public static ValidationErrors Validate(string type, string subType, CreateApiKeyRequest request, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        if (!ApiKeyTypes.IsType(type))
        {
            errors.Add("type", "must be 'organisation' or 'workspace'.");
        }

        if (!ApiKeyTypes.IsSubType(subType))
        {
            errors.Add("sub_type", "must be 'user' or 'service'.");
        }

        if (string.IsNullOrWhiteSpace(request.Name))
        {
            errors.Add("name", "is required.");
        }
        else if (request.Name.Length > 200)
        {
            errors.Add("name", "must be at most 200 characters.");
        }

        if (type == ApiKeyTypes.Organisation && request.WorkspaceId is not null)
        {
            errors.Add("workspace_id", "must be omitted for organisation keys (they belong to no workspace).");
        }

        if (request.UserId is { Length: > 200 })
        {
            errors.Add("user_id", "must be at most 200 characters.");
        }

        if (request.Scopes is { } scopes)
        {
            for (var i = 0; i < scopes.Count; i++)
            {
                if (scopes[i] is not { } scope || !Contracts.Scopes.All.Contains(scope))
                {
                    errors.Add($"scopes[{i}]", $"must be one of: {string.Join(", ", Contracts.Scopes.All)}.");
                }
            }
        }

        if (request.ExpiresAt is { } expiresAt && expiresAt <= now)
        {
            errors.Add("expires_at", "must be in the future.");
        }

        if (request.Defaults is { } defaults)
        {
            if (defaults.ConfigId is { Length: 0 or > 200 })
            {
                errors.Add("defaults.config_id", "must be a config id of 1 to 200 characters.");
            }

            if (defaults.Metadata is { } metadata)
            {
                if (metadata.Count > MaxMetadataEntries)
                {
                    errors.Add("defaults.metadata", $"must hold at most {MaxMetadataEntries} entries.");
                }

                if (metadata.Any(m => string.IsNullOrWhiteSpace(m.Key) || m.Key.Length > 128 || m.Value is null || m.Value.Length > 1024))
                {
                    errors.Add("defaults.metadata", "keys must be 1 to 128 characters and values strings of at most 1024 characters.");
                }
            }
        }

        LimitsValidator.Validate(request.UsageLimits, errors);
        LimitsValidator.Validate(request.RateLimits, errors);
        return errors;
    }

    /// <summary>The scopes the new key gets: as asked, de-duplicated, or <c>completions.write</c> alone.</summary>
    public static List<string> EffectiveScopes(CreateApiKeyRequest request) =>
        request.Scopes is null ? [Contracts.Scopes.CompletionsWrite] : [.. request.Scopes.OfType<string>().Distinct(StringComparer.Ordinal)];
}
