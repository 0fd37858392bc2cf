using System.Text.Json;
using ControlPlane.Http;

namespace ControlPlane.Providers.Configurations;

/// <summary>
/// The <c>configurations</c> of an <c>azure-openai</c> provider (the data plane reads the same fields,
/// <c>DataPlane.Providers.Azure.AzureOpenAiSettings</c>):
/// <list type="bullet">
/// <item><c>resource_name</c> → <c>https://{resource_name}.openai.azure.com</c> (a <c>base_url</c> overrides it; one of the two is needed);</item>
/// <item><c>deployment_id</c> (every model goes there) and/or <c>deployments</c> (<c>{"gpt-4o":"gpt4o-prod"}</c>, checked first);
/// with neither, the requested model is the deployment name;</item>
/// <item><c>api_version</c> (<c>YYYY-MM-DD</c> or <c>YYYY-MM-DD-preview</c>; default <c>2024-10-21</c>);</item>
/// <item><c>auth</c>: <c>api_key</c> (default; the provider key is sent as <c>api-key</c>) or <c>entra</c> (Microsoft Entra ID
/// client credentials: <c>tenant_id</c>, <c>client_id</c>, the provider key is the client secret, <c>authority</c> default
/// <c>https://login.microsoftonline.com</c>).</item>
/// </list>
/// Other fields are left alone (shared settings such as <c>default_max_tokens</c> live there too).
/// </summary>
internal static class AzureOpenAiConfiguration
{
    private const int MaxNameLength = 256;
    private const int MaxDeployments = 1000;

    /// <param name="configurations">The request's (or, on update, the resulting) configurations; null = none.</param>
    /// <param name="hasKey">Whether the provider has a key (sent now or stored).</param>
    /// <param name="errors">Where problems go, at paths like <c>configurations.resource_name</c>.</param>
    /// <param name="hasBaseUrl">Whether the provider has a <c>base_url</c>; null when unknown (then <c>resource_name</c> is not required).</param>
    public static void Validate(JsonElement? configurations, bool hasKey, ValidationErrors errors, bool? hasBaseUrl = null)
    {
        var root = configurations is { ValueKind: JsonValueKind.Object } value ? value : default;
        if (configurations is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined) })
        {
            // ProviderValidator already names "configurations" itself.
            return;
        }

        var resourceName = Text(root, "resource_name", errors);
        if (resourceName is not null && !IsResourceName(resourceName))
        {
            errors.Add("configurations.resource_name", "must be an Azure resource name: 2 to 64 letters, digits or hyphens, not starting or ending with a hyphen.");
        }
        else if (resourceName is null && hasBaseUrl == false && !Has(root, "resource_name"))
        {
            errors.Add("configurations.resource_name", "is required when the provider has no base_url.");
        }

        var deploymentId = Text(root, "deployment_id", errors);
        if (deploymentId is { Length: > MaxNameLength })
        {
            errors.Add("configurations.deployment_id", $"must be at most {MaxNameLength} characters.");
        }

        ValidateDeployments(root, errors);

        var apiVersion = Text(root, "api_version", errors);
        if (apiVersion is not null && !IsApiVersion(apiVersion))
        {
            errors.Add("configurations.api_version", "must be an Azure OpenAI API version such as '2024-10-21' or '2025-04-01-preview'.");
        }

        var auth = Text(root, "auth", errors);
        if (auth is not (null or "api_key" or "entra"))
        {
            errors.Add("configurations.auth", "must be 'api_key' or 'entra'.");
        }

        var tenantId = Text(root, "tenant_id", errors);
        var clientId = Text(root, "client_id", errors);
        var authority = Text(root, "authority", errors);
        if (authority is not null && !ProviderValidator.IsHttpUrl(authority))
        {
            errors.Add("configurations.authority", "must be an absolute http or https URL.");
        }

        if (auth != "entra")
        {
            return;
        }

        if (tenantId is null && !Has(root, "tenant_id"))
        {
            errors.Add("configurations.tenant_id", "is required when auth is 'entra'.");
        }
        else if (tenantId is not null && !IsTenant(tenantId))
        {
            errors.Add("configurations.tenant_id", "must be a directory (tenant) id or domain name.");
        }

        if (clientId is null && !Has(root, "client_id"))
        {
            errors.Add("configurations.client_id", "is required when auth is 'entra'.");
        }
        else if (clientId is { Length: > MaxNameLength })
        {
            errors.Add("configurations.client_id", $"must be at most {MaxNameLength} characters.");
        }

        if (!hasKey)
        {
            errors.Add("key", "is required when configurations.auth is 'entra': it is the Microsoft Entra ID client secret.");
        }
    }

    public static bool IsResourceName(string name) =>
        name.Length is >= 2 and <= 64 && name[0] != '-' && name[^1] != '-' && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary><c>YYYY-MM-DD</c>, optionally <c>-preview</c>.</summary>
    public static bool IsApiVersion(string version)
    {
        var date = version.EndsWith("-preview", StringComparison.Ordinal) ? version[..^"-preview".Length] : version;
        return date.Length == 10 && DateOnly.TryParseExact(date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _);
    }

    /// <summary>A GUID or a domain such as <c>contoso.onmicrosoft.com</c>: what can sit in the token URL's path.</summary>
    private static bool IsTenant(string tenant) =>
        tenant.Length <= MaxNameLength && tenant.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.');

    private static void ValidateDeployments(JsonElement root, ValidationErrors errors)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("deployments", out var deployments) || deployments.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (deployments.ValueKind != JsonValueKind.Object)
        {
            errors.Add("configurations.deployments", "must be an object of model name to deployment name, e.g. {\"gpt-4o\": \"gpt4o-prod\"}.");
            return;
        }

        var count = 0;
        foreach (var entry in deployments.EnumerateObject())
        {
            if (++count > MaxDeployments)
            {
                errors.Add("configurations.deployments", $"must map at most {MaxDeployments} models.");
                return;
            }

            if (entry.Name.Length is 0 or > MaxNameLength)
            {
                errors.Add("configurations.deployments", $"model names must be 1 to {MaxNameLength} characters.");
            }
            else if (entry.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(entry.Value.GetString())
                || entry.Value.GetString()!.Length > MaxNameLength)
            {
                errors.Add($"configurations.deployments.{entry.Name}", $"must be a deployment name of 1 to {MaxNameLength} characters.");
            }
        }
    }

    private static bool Has(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>The trimmed string at <paramref name="name"/>; null when absent, null or blank (blank and non-strings are errors).</summary>
    private static string? Text(JsonElement root, string name, ValidationErrors errors)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            errors.Add("configurations." + name, "must be a non-empty string.");
            return null;
        }

        return value.GetString()!.Trim();
    }
}
