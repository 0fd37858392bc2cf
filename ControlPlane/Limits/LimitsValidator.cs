using System.Text.Json;
using Contracts.Json;
using ControlPlane.Http;

namespace ControlPlane.Limits;

/// <summary>Shape rules of <c>usage_limits</c> and <c>rate_limits</c> (CONTRACT.md §3), and their stored form.</summary>
internal static class LimitsValidator
{
    public static void Validate(UsageLimits? limits, ValidationErrors errors)
    {
        if (limits is null)
        {
            return;
        }

        if (limits.Type is not ("cost" or "tokens"))
        {
            errors.Add("usage_limits.type", "must be 'cost' or 'tokens'.");
        }

        if (limits.CreditLimit is not > 0)
        {
            errors.Add("usage_limits.credit_limit", "is required and must be greater than 0.");
        }

        if (limits.AlertThreshold is { } alert && (alert <= 0 || alert > limits.CreditLimit))
        {
            errors.Add("usage_limits.alert_threshold", "must be greater than 0 and at most credit_limit.");
        }

        if (limits.PeriodicReset is not (null or "weekly" or "monthly"))
        {
            errors.Add("usage_limits.periodic_reset", "must be 'weekly' or 'monthly' (or omitted: never resets).");
        }
    }

    public static void Validate(IReadOnlyList<RateLimit?>? limits, ValidationErrors errors)
    {
        if (limits is null)
        {
            return;
        }

        for (var i = 0; i < limits.Count; i++)
        {
            var field = $"rate_limits[{i}]";
            if (limits[i] is not { } limit)
            {
                errors.Add(field, "must be an object.");
                continue;
            }

            if (limit.Type is not ("requests" or "tokens"))
            {
                errors.Add($"{field}.type", "must be 'requests' or 'tokens'.");
            }

            if (limit.Unit is not ("rpm" or "rph" or "rpd"))
            {
                errors.Add($"{field}.unit", "must be 'rpm', 'rph' or 'rpd'.");
            }

            if (limit.Value is not > 0)
            {
                errors.Add($"{field}.value", "is required and must be greater than 0.");
            }
        }

        // One limit per (type, unit): two would contradict each other.
        var duplicates = limits.OfType<RateLimit>().GroupBy(l => (l.Type, l.Unit)).Where(g => g.Count() > 1).Select(g => g.Key);
        foreach (var (type, unit) in duplicates)
        {
            errors.Add("rate_limits", $"has more than one '{type}' limit per '{unit}'.");
        }
    }

    public static string? Serialize<T>(T? value) where T : class =>
        value is null ? null : JsonSerializer.Serialize(value, ContractJson.Options);

    public static T? Deserialize<T>(string? json) where T : class =>
        json is null ? null : JsonSerializer.Deserialize<T>(json, ContractJson.Options);
}
