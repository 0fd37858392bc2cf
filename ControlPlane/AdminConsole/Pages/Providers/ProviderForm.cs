using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ControlPlane.AdminConsole.Forms;
using ControlPlane.Providers;

namespace ControlPlane.AdminConsole.Pages.Providers;

/// <summary>
/// The provider form's fields as typed, and the request body they make. The API does the validating; the form only refuses
/// what it cannot put into JSON at all (a number that is not a number, configurations that are not JSON), at the same paths
/// the API would use.
/// </summary>
internal sealed class ProviderForm
{
    public string AiProvider { get; set; } = "";

    public string Name { get; set; } = "";

    public string Slug { get; set; } = "";

    /// <summary>Write-only: blank on create means no key, on edit means unchanged.</summary>
    public string Key { get; set; } = "";

    /// <summary>Edit only: send <c>key: ""</c>, which removes the stored key.</summary>
    public bool RemoveKey { get; set; }

    public string BaseUrl { get; set; } = "";

    /// <summary>Model ids separated by commas or new lines.</summary>
    public string Models { get; set; } = "";

    /// <summary>The workspace id, or "" for a provider shared by every workspace.</summary>
    public string WorkspaceId { get; set; } = "";

    /// <summary>"" (no budget), <c>cost</c> or <c>tokens</c>.</summary>
    public string UsageType { get; set; } = "";

    public string CreditLimit { get; set; } = "";

    public string AlertThreshold { get; set; } = "";

    /// <summary>"" (never), <c>weekly</c> or <c>monthly</c>.</summary>
    public string PeriodicReset { get; set; } = "";

    public List<RateLimitRow> RateLimits { get; } = [];

    /// <summary>Provider-specific settings as JSON text; "" for none.</summary>
    public string Configurations { get; set; } = "";

    public bool Disabled { get; set; }

    /// <summary>The stored provider's values on edit (null on create): what is unchanged is not sent back.</summary>
    public ProviderResponse? Stored { get; private set; }

    public static ProviderForm From(ProviderResponse provider)
    {
        var form = new ProviderForm
        {
            Stored = provider,
            AiProvider = provider.AiProvider,
            Name = provider.Name,
            Slug = provider.Slug,
            BaseUrl = provider.BaseUrl ?? "",
            Models = string.Join(", ", provider.Models),
            WorkspaceId = provider.WorkspaceId?.ToString() ?? "",
            Configurations = FormatConfigurations(provider.Configurations),
            Disabled = provider.Disabled,
        };

        if (provider.UsageLimits is { } limits)
        {
            form.UsageType = limits.Type;
            form.CreditLimit = limits.CreditLimit.ToString(CultureInfo.InvariantCulture);
            form.AlertThreshold = limits.AlertThreshold?.ToString(CultureInfo.InvariantCulture) ?? "";
            form.PeriodicReset = limits.PeriodicReset ?? "";
        }

        foreach (var limit in provider.RateLimits ?? [])
        {
            form.RateLimits.Add(new RateLimitRow
            {
                Type = limit.Type ?? "requests",
                Unit = limit.Unit ?? "rpm",
                Value = limit.Value?.ToString(CultureInfo.InvariantCulture) ?? "",
            });
        }

        return form;
    }

    public bool Creating => Stored is null;

    /// <summary>
    /// The POST (create) or PUT (edit) body, or the errors that stop it being sent. On edit, the key and the configurations
    /// are sent only when changed: a blank key keeps the stored one, and the configurations shown lack write-only fields
    /// (they read back as <c>has_…</c>), so sending them unchanged would drop those.
    /// </summary>
    public (JsonObject? Body, Dictionary<string, string[]> Errors) ToRequest()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var body = new JsonObject
        {
            ["name"] = Name.Trim(),
            ["slug"] = Slug.Trim(),
        };

        if (AiProvider.Length > 0)
        {
            body["ai_provider"] = AiProvider;
        }

        if (Creating)
        {
            if (Key.Length > 0)
            {
                body["key"] = Key;
            }

            if (WorkspaceId.Length > 0)
            {
                body["workspace_id"] = WorkspaceId;
            }
        }
        else if (RemoveKey)
        {
            body["key"] = "";
        }
        else if (Key.Length > 0)
        {
            body["key"] = Key;
        }

        var baseUrl = BaseUrl.Trim();
        if (Creating ? baseUrl.Length > 0 : baseUrl != (Stored!.BaseUrl ?? ""))
        {
            body["base_url"] = baseUrl;
        }

        body["models"] = new JsonArray([.. ParseModels(Models).Select(m => JsonValue.Create(m))]);
        AddUsageLimits(body, errors);
        AddRateLimits(body, errors);
        AddConfigurations(body, errors);
        body["disabled"] = Disabled;
        return (errors.Count == 0 ? body : null, errors);
    }

    /// <summary>Model ids from text separated by commas and/or new lines; blanks dropped, duplicates once.</summary>
    public static IReadOnlyList<string> ParseModels(string text) =>
        text.Split([',', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal)
            .ToArray();

    /// <summary>Indented JSON for the textarea; "" when there are none.</summary>
    public static string FormatConfigurations(JsonElement? configurations) =>
        configurations is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } value
            ? JsonSerializer.Serialize(value, IndentedJson)
            : "";

    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    private void AddUsageLimits(JsonObject body, Dictionary<string, string[]> errors)
    {
        if (UsageType.Length == 0)
        {
            return;
        }

        var limits = new JsonObject { ["type"] = UsageType };
        if (Number(CreditLimit, "usage_limits.credit_limit", errors) is { } credit)
        {
            limits["credit_limit"] = credit;
        }

        if (AlertThreshold.Trim().Length > 0 && Number(AlertThreshold, "usage_limits.alert_threshold", errors) is { } alert)
        {
            limits["alert_threshold"] = alert;
        }

        if (PeriodicReset.Length > 0)
        {
            limits["periodic_reset"] = PeriodicReset;
        }

        body["usage_limits"] = limits;
    }

    private void AddRateLimits(JsonObject body, Dictionary<string, string[]> errors)
    {
        var limits = new JsonArray();
        for (var i = 0; i < RateLimits.Count; i++)
        {
            var row = RateLimits[i];
            var limit = new JsonObject { ["type"] = row.Type, ["unit"] = row.Unit };
            if (long.TryParse(row.Value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                limit["value"] = value;
            }
            else if (row.Value.Trim().Length > 0)
            {
                errors[$"rate_limits[{i}].value"] = ["must be a whole number."];
            }

            // A blank value is sent without one: the API names it as required.
            limits.Add(limit);
        }

        // On create, no rows means no rate limits; on edit, an empty list removes the stored ones.
        if (limits.Count > 0 || !Creating)
        {
            body["rate_limits"] = limits;
        }
    }

    private void AddConfigurations(JsonObject body, Dictionary<string, string[]> errors)
    {
        var text = Configurations.Trim();
        if (!Creating && text == FormatConfigurations(Stored!.Configurations).Trim())
        {
            return;
        }

        if (text.Length == 0)
        {
            if (!Creating)
            {
                body["configurations"] = null;
            }

            return;
        }

        try
        {
            body["configurations"] = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            errors["configurations"] = [$"is not valid JSON: {e.Message}"];
        }
    }

    private static decimal? Number(string text, string path, Dictionary<string, string[]> errors)
    {
        if (decimal.TryParse(text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        // A blank credit limit is left out: the API names it as required.
        if (text.Trim().Length > 0)
        {
            errors[path] = ["must be a number."];
        }

        return null;
    }
}
