using System.Text.Json;
using ControlPlane.Guardrails;
using ControlPlane.Http;
using ControlPlane.Limits;
using ControlPlane.Providers;

namespace ControlPlane.Workspaces;

internal static class WorkspaceValidator
{
    private const int MaxMetadataEntries = 64;
    private const int MaxGuardrails = 32;

    /// <summary>Fields of a workspace a client can never set on update.</summary>
    public static readonly IReadOnlySet<string> ReadOnlyFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "id", "created_at", "updated_at",
    };

    public static ValidationErrors Validate(WorkspaceRequest request)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            errors.Add("name", "is required.");
        }
        else if (request.Name.Length > 200)
        {
            errors.Add("name", "must be at most 200 characters.");
        }

        if (string.IsNullOrEmpty(request.Slug))
        {
            errors.Add("slug", "is required.");
        }
        else if (!SlugRules.IsValid(request.Slug))
        {
            errors.Add("slug", SlugRules.Description);
        }

        ValidateDefaults(request.Defaults, errors);
        ValidateGovernance(request.UsageLimits, request.RateLimits, request.RedisFailurePolicy, request.AlertWebhook, creating: true, errors);
        return errors;
    }

    public static ValidationErrors ValidateUpdate(UpdateWorkspaceRequest request, string currentSlug)
    {
        var errors = new ValidationErrors();
        foreach (var field in request.OtherFields?.Keys ?? Enumerable.Empty<string>())
        {
            if (ReadOnlyFields.Contains(field))
            {
                errors.Add(field, "is read-only and cannot be changed.");
            }
        }

        if (request.Slug is not null && request.Slug != currentSlug)
        {
            errors.Add("slug", "is immutable; create a new workspace for a new slug.");
        }

        if (request.Name is not null && (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200))
        {
            errors.Add("name", "must be 1 to 200 characters.");
        }

        ValidateDefaults(request.Defaults, errors);
        ValidateGovernance(request.UsageLimits, request.RateLimits, request.RedisFailurePolicy, request.AlertWebhook, creating: false, errors);
        return errors;
    }

    public const string FailOpen = "fail_open";
    public const string FailClosed = "fail_closed";

    private static void ValidateGovernance(
        UsageLimits? usageLimits, IReadOnlyList<RateLimit?>? rateLimits, string? redisFailurePolicy, AlertWebhookRequest? webhook,
        bool creating, ValidationErrors errors)
    {
        LimitsValidator.Validate(usageLimits, errors);
        LimitsValidator.Validate(rateLimits, errors);
        if (redisFailurePolicy is not (null or FailOpen or FailClosed))
        {
            errors.Add("redis_failure_policy", "must be 'fail_open' or 'fail_closed'.");
        }

        if (webhook is null)
        {
            return;
        }

        // On update "" removes the webhook; on create a webhook needs its URL.
        if (webhook.Url is null ? creating : (webhook.Url.Length > 0 || creating)
            && (webhook.Url.Length > 2048 || !ProviderValidator.IsHttpUrl(webhook.Url)))
        {
            errors.Add("alert_webhook.url", "must be an absolute http or https URL of at most 2048 characters.");
        }

        if (webhook.Secret is { Length: > 1000 })
        {
            errors.Add("alert_webhook.secret", "must be at most 1000 characters.");
        }
    }

    private static void ValidateDefaults(WorkspaceDefaults? defaults, ValidationErrors errors)
    {
        if (defaults is null)
        {
            return;
        }

        ValidateGuardrails(defaults.InputGuardrails, "defaults.input_guardrails", errors);
        ValidateGuardrails(defaults.OutputGuardrails, "defaults.output_guardrails", errors);

        if (defaults.ConfigId is { Length: 0 or > 200 })
        {
            errors.Add("defaults.config_id", "must be a config id of 1 to 200 characters.");
        }

        if (defaults.Metadata is { } metadata
            && (metadata.Count > MaxMetadataEntries
                || metadata.Any(m => string.IsNullOrWhiteSpace(m.Key) || m.Key.Length > 128 || m.Value is null || m.Value.Length > 1024)))
        {
            errors.Add("defaults.metadata", $"must hold at most {MaxMetadataEntries} entries; keys 1 to 128 characters, values strings of at most 1024.");
        }
    }

    /// <summary>Shape only: inline objects fully; whether saved ids exist and are visible is checked against the catalog.</summary>
    private static void ValidateGuardrails(IReadOnlyList<JsonElement>? guardrails, string path, ValidationErrors errors)
    {
        if (guardrails is null)
        {
            return;
        }

        if (guardrails.Count > MaxGuardrails)
        {
            errors.Add(path, $"must hold at most {MaxGuardrails} guardrails.");
            return;
        }

        for (var i = 0; i < guardrails.Count; i++)
        {
            var item = guardrails[i];
            var itemPath = $"{path}[{i}]";
            if (item.ValueKind == JsonValueKind.String)
            {
                if (!GuardrailIds.IsWellFormed(item.GetString()))
                {
                    errors.Add(itemPath, "must be a saved guardrail id (pg-…) or a guardrail object.");
                }
            }
            else
            {
                GuardrailDefinitionValidator.Validate(item, itemPath, errors);
            }
        }
    }
}
