using System.Globalization;
using System.Text.Json;
using ControlPlane.AdminConsole.Api;
using ControlPlane.AdminConsole.Forms;
using ControlPlane.ApiKeys;
using ControlPlane.Limits;

namespace ControlPlane.AdminConsole.Pages.ApiKeys;

/// <summary>
/// Between the form's text and the API's bodies. Errors found here use the API's own field paths
/// (<c>usage_limits.credit_limit</c>, <c>rate_limits[0].value</c>…) so they show beside the same fields as the API's.
/// </summary>
internal static class ApiKeyForm
{
    /// <summary>The form's <c>datetime-local</c> format; the console edits expiry in UTC.</summary>
    public const string ExpiryFormat = "yyyy-MM-dd'T'HH:mm";

    /// <summary>Field paths the form shows errors beside; anything else is listed above the form.</summary>
    public static readonly IReadOnlyList<string> PlacedPaths =
    [
        "type", "sub_type", "workspace_id", "name", "user_id", "scopes", "defaults.config_id", "defaults.metadata",
        "rate_limits", "usage_limits", "expires_at",
    ];

    public static ApiKeyFormModel FromResponse(ApiKeyResponse key)
    {
        var model = new ApiKeyFormModel
        {
            Name = key.Name,
            UserId = key.UserId ?? "",
            ConfigId = key.Defaults?.ConfigId ?? "",
            Metadata = FormatMetadata(key.Defaults?.Metadata),
            AllowConfigOverride = key.Defaults?.AllowConfigOverride ?? true,
            LogBodies = key.Defaults?.LogBodies switch { true => "true", false => "false", null => "" },
            HasBudget = key.UsageLimits is not null,
            BudgetType = key.UsageLimits?.Type ?? "cost",
            CreditLimit = Number(key.UsageLimits?.CreditLimit),
            AlertThreshold = Number(key.UsageLimits?.AlertThreshold),
            PeriodicReset = key.UsageLimits?.PeriodicReset ?? "",
            ExpiresAt = key.ExpiresAt?.UtcDateTime.ToString(ExpiryFormat, CultureInfo.InvariantCulture) ?? "",
        };
        model.Scopes.Clear();
        model.Scopes.UnionWith(key.Scopes);
        model.RateLimits.AddRange((key.RateLimits ?? []).Select(r => new RateLimitRow
        {
            Type = r.Type ?? "requests", Unit = r.Unit ?? "rpm", Value = r.Value?.ToString(CultureInfo.InvariantCulture) ?? "",
        }));
        return model;
    }

    /// <summary>The body of POST /v1/api-keys/{type}/{sub_type}, or the fields the form could not read.</summary>
    public static CreateApiKeyRequest? ToCreate(ApiKeyFormModel model, Guid? workspaceId, out ApiProblem? problem)
    {
        var errors = new FieldErrorList();
        var defaults = Defaults(model, errors);
        var rateLimits = RateLimits(model, errors);
        var usageLimits = UsageLimits(model, errors);
        var expiresAt = Expiry(model.ExpiresAt, errors);
        problem = errors.ToProblem();
        return problem is not null ? null : new CreateApiKeyRequest
        {
            Name = model.Name.Trim(),
            WorkspaceId = workspaceId,
            UserId = Blank(model.UserId),
            Scopes = [.. Contracts.Scopes.All.Where(model.Scopes.Contains)],
            Defaults = defaults,
            RateLimits = rateLimits.Count == 0 ? null : rateLimits,
            UsageLimits = usageLimits,
            ExpiresAt = expiresAt,
        };
    }

    /// <summary>
    /// The body of PUT /v1/api-keys/{id}. Scopes and expiry are sent only when changed: an unchanged field must not fail
    /// because the signed-in key could not grant it today (the API refuses scopes the caller lacks).
    /// </summary>
    public static UpdateApiKeyRequest? ToUpdate(ApiKeyFormModel model, ApiKeyResponse original, out ApiProblem? problem)
    {
        var errors = new FieldErrorList();
        var defaults = Defaults(model, errors);
        var rateLimits = RateLimits(model, errors);
        var usageLimits = UsageLimits(model, errors);
        if (original.UsageLimits is not null && usageLimits is null && !model.HasBudget)
        {
            errors.Add("usage_limits", "cannot be removed once set; raise the limit instead.");
        }

        DateTimeOffset? expiresAt = null;
        var originalExpiry = original.ExpiresAt?.UtcDateTime.ToString(ExpiryFormat, CultureInfo.InvariantCulture) ?? "";
        if (model.ExpiresAt.Trim() != originalExpiry)
        {
            if (original.ExpiresAt is not null && string.IsNullOrWhiteSpace(model.ExpiresAt))
            {
                errors.Add("expires_at", "cannot be removed once set; choose a later date instead.");
            }

            expiresAt = Expiry(model.ExpiresAt, errors);
        }

        var scopes = Contracts.Scopes.All.Where(model.Scopes.Contains).ToList();
        var scopesChanged = !scopes.ToHashSet(StringComparer.Ordinal).SetEquals(original.Scopes);
        problem = errors.ToProblem();
        return problem is not null ? null : new UpdateApiKeyRequest
        {
            Name = model.Name.Trim(),
            Scopes = scopesChanged ? scopes : null,
            Defaults = defaults,
            RateLimits = rateLimits,
            UsageLimits = usageLimits,
            ExpiresAt = expiresAt,
        };
    }

    /// <summary><c>key=value</c> lines (blank lines skipped) or a JSON object of strings; empty text: no metadata.</summary>
    public static IReadOnlyDictionary<string, string>? ParseMetadata(string text, out string? error)
    {
        error = null;
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (trimmed.StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(trimmed);
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (property.Value.ValueKind != JsonValueKind.String)
                    {
                        error = $"the value of '{property.Name}' must be a string.";
                        return null;
                    }

                    metadata[property.Name] = property.Value.GetString()!;
                }

                return metadata;
            }
            catch (JsonException e)
            {
                error = $"is not a valid JSON object ({e.Message.Split(". ")[0]}).";
                return null;
            }
        }

        var lines = trimmed.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var equals = line.IndexOf('=');
            if (equals <= 0)
            {
                error = $"line {i + 1}: write key=value (or a JSON object).";
                return null;
            }

            var key = line[..equals].Trim();
            if (!metadata.TryAdd(key, line[(equals + 1)..].Trim()))
            {
                error = $"line {i + 1}: '{key}' is given twice.";
                return null;
            }
        }

        return metadata;
    }

    /// <summary>As <c>key=value</c> lines, or as JSON where a line could not hold an entry.</summary>
    public static string FormatMetadata(IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null || metadata.Count == 0)
        {
            return "";
        }

        var asLines = metadata.All(m => m.Key.Trim() == m.Key && !m.Key.Contains('=') && !m.Key.Contains('\n')
            && !m.Key.StartsWith('{') && m.Value.Trim() == m.Value && !m.Value.Contains('\n'));
        return asLines
            ? string.Join('\n', metadata.Select(m => $"{m.Key}={m.Value}"))
            : JsonSerializer.Serialize(metadata, new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Errors of the problem at a path the form does not show them beside (listed above the form).</summary>
    public static IReadOnlyList<(string Path, string Message)> Unplaced(ApiProblem? problem) =>
        problem?.Unplaced(PlacedPaths) ?? [];

    private static ApiKeyDefaultsBody Defaults(ApiKeyFormModel model, FieldErrorList errors)
    {
        var metadata = ParseMetadata(model.Metadata, out var error);
        if (error is not null)
        {
            errors.Add("defaults.metadata", error);
        }

        return new ApiKeyDefaultsBody
        {
            ConfigId = Blank(model.ConfigId),
            Metadata = metadata,
            AllowConfigOverride = model.AllowConfigOverride,
            LogBodies = model.LogBodies switch { "true" => true, "false" => false, _ => null },
        };
    }

    private static List<RateLimit?> RateLimits(ApiKeyFormModel model, FieldErrorList errors)
    {
        var limits = new List<RateLimit?>();
        for (var i = 0; i < model.RateLimits.Count; i++)
        {
            var row = model.RateLimits[i];
            long? value = null;
            if (long.TryParse(row.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                value = parsed;
            }
            else
            {
                errors.Add($"rate_limits[{i}].value", "must be a whole number.");
            }

            limits.Add(new RateLimit { Type = row.Type, Unit = row.Unit, Value = value });
        }

        return limits;
    }

    private static UsageLimits? UsageLimits(ApiKeyFormModel model, FieldErrorList errors)
    {
        if (!model.HasBudget)
        {
            return null;
        }

        var credit = Decimal(model.CreditLimit, "usage_limits.credit_limit", required: true, errors);
        var alert = Decimal(model.AlertThreshold, "usage_limits.alert_threshold", required: false, errors);
        return new UsageLimits
        {
            Type = model.BudgetType,
            CreditLimit = credit,
            AlertThreshold = alert,
            PeriodicReset = Blank(model.PeriodicReset),
        };
    }

    private static decimal? Decimal(string text, string path, bool required, FieldErrorList errors)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            if (required)
            {
                errors.Add(path, "is required.");
            }

            return null;
        }

        if (decimal.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add(path, "must be a number (e.g. 25 or 12.50).");
        return null;
    }

    private static DateTimeOffset? Expiry(string text, FieldErrorList errors)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        // The input writes minutes; a browser may add seconds.
        if (DateTime.TryParseExact(trimmed, [ExpiryFormat, "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var utc))
        {
            return new DateTimeOffset(utc, TimeSpan.Zero);
        }

        errors.Add("expires_at", "must be a date and time (UTC).");
        return null;
    }

    private static string? Blank(string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
}
