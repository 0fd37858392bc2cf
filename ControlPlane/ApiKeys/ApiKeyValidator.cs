using ControlPlane.Catalog;
using ControlPlane.Http;
using ControlPlane.Limits;

namespace ControlPlane.ApiKeys;

/// <summary>Field rules of a key create or update; errors are keyed by the JSON field (or route parameter) name.</summary>
internal static class ApiKeyValidator
{
    private const int MaxMetadataEntries = 64;

    /// <summary>Fields of an API key a client can never set on update (snake_case, as in the body).</summary>
    public static readonly IReadOnlySet<string> ReadOnlyFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "id", "type", "sub_type", "workspace_id", "user_id", "key", "key_hash", "hash", "status",
        "created_at", "updated_at", "revoked_at", "last_used_at", "previous_key_hash", "previous_key_expires_at",
    };

    public static ValidationErrors Validate(string type, string subType, CreateApiKeyRequest request, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        if (!ApiKeyTypes.IsType(type))
        {
            errors.Add("type", "must be 'organisation' or 'workspace'.");
        }
        else if (request.Type is not null && request.Type != type)
        {
            errors.Add("type", $"must equal the path's type '{type}' (or be omitted).");
        }

        if (!ApiKeyTypes.IsSubType(subType))
        {
            errors.Add("sub_type", "must be 'user' or 'service'.");
        }
        else if (request.SubType is not null && request.SubType != subType)
        {
            errors.Add("sub_type", $"must equal the path's sub_type '{subType}' (or be omitted).");
        }

        if (string.IsNullOrWhiteSpace(request.Name))
        {
            errors.Add("name", "is required.");
        }

        ValidateName(request.Name, errors);
        if (request.UserId is { Length: > 200 })
        {
            errors.Add("user_id", "must be at most 200 characters.");
        }

        ValidateSettable(request.Scopes, request.Defaults, request.UsageLimits, request.RateLimits, request.ExpiresAt, now, errors);
        return errors;
    }

    public static ValidationErrors ValidateUpdate(UpdateApiKeyRequest request, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        foreach (var field in request.OtherFields?.Keys ?? Enumerable.Empty<string>())
        {
            if (ReadOnlyFields.Contains(field))
            {
                errors.Add(field, "is read-only and cannot be changed.");
            }
        }

        if (request.Name is not null && string.IsNullOrWhiteSpace(request.Name))
        {
            errors.Add("name", "must not be empty.");
        }

        ValidateName(request.Name, errors);
        ValidateSettable(request.Scopes, request.Defaults, request.UsageLimits, request.RateLimits, request.ExpiresAt, now, errors);
        return errors;
    }

    public static ValidationErrors ValidateRotate(RotateApiKeyRequest? request)
    {
        var errors = new ValidationErrors();
        if (request?.GracePeriodSeconds is { } grace && grace is < 0 or > ApiKeyRotation.MaxGracePeriodSeconds)
        {
            errors.Add("grace_period_seconds", $"must be from 0 to {ApiKeyRotation.MaxGracePeriodSeconds}.");
        }

        return errors;
    }

    /// <summary>The scopes the new key gets: as asked, de-duplicated, or <c>completions.write</c> alone.</summary>
    public static List<string> EffectiveScopes(CreateApiKeyRequest request) =>
        request.Scopes is null ? [Contracts.Scopes.CompletionsWrite] : Distinct(request.Scopes);

    public static List<string> Distinct(IReadOnlyList<string?> scopes) => [.. scopes.OfType<string>().Distinct(StringComparer.Ordinal)];

    private static void ValidateName(string? name, ValidationErrors errors)
    {
        if (name is { Length: > 200 })
        {
            errors.Add("name", "must be at most 200 characters.");
        }
    }

    private static void ValidateSettable(
        IReadOnlyList<string?>? scopes, ApiKeyDefaultsBody? defaults, UsageLimits? usageLimits, IReadOnlyList<RateLimit?>? rateLimits,
        DateTimeOffset? expiresAt, DateTimeOffset now, ValidationErrors errors)
    {
        if (scopes is not null)
        {
            for (var i = 0; i < scopes.Count; i++)
            {
                if (scopes[i] is not { } scope || !Contracts.Scopes.All.Contains(scope))
                {
                    errors.Add($"scopes[{i}]", $"must be one of: {string.Join(", ", Contracts.Scopes.All)}.");
                }
            }
        }

        if (expiresAt is { } expiry && expiry <= now)
        {
            errors.Add("expires_at", "must be in the future.");
        }

        if (defaults is not null)
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

        LimitsValidator.Validate(usageLimits, errors);
        LimitsValidator.Validate(rateLimits, errors);
    }
}
