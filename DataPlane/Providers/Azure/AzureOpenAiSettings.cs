using System.Collections.Frozen;
using System.Text.Json;

namespace DataPlane.Providers.Azure;

/// <summary>
/// An <c>azure-openai</c> provider's <c>configurations</c>, read once per snapshot. The control plane validates them on
/// write (<c>AzureOpenAiConfiguration</c>); this reading is lenient only where a default exists, and says what is wrong
/// otherwise (the provider then answers 502 <c>provider_misconfigured</c>).
/// </summary>
internal sealed record AzureOpenAiSettings
{
    /// <summary>A current GA version of the data-plane API; <c>configurations.api_version</c> overrides it.</summary>
    public const string DefaultApiVersion = "2024-10-21";

    public const string DefaultAuthority = "https://login.microsoftonline.com";

    public string? ResourceName { get; init; }

    /// <summary>The one deployment every model goes to, unless <see cref="Deployments"/> names the model.</summary>
    public string? DeploymentId { get; init; }

    /// <summary>Model name → deployment name.</summary>
    public FrozenDictionary<string, string> Deployments { get; init; } = FrozenDictionary<string, string>.Empty;

    public string ApiVersion { get; init; } = DefaultApiVersion;

    public AzureAuthMode Auth { get; init; }

    public string? TenantId { get; init; }

    public string? ClientId { get; init; }

    public string Authority { get; init; } = DefaultAuthority;

    /// <returns>The settings, or null with <paramref name="problem"/> saying which field is wrong (no values quoted).</returns>
    public static AzureOpenAiSettings? Parse(JsonElement? configurations, out string? problem)
    {
        problem = null;
        if (configurations is not { ValueKind: JsonValueKind.Object } root)
        {
            return new AzureOpenAiSettings();
        }

        var settings = new AzureOpenAiSettings
        {
            ResourceName = Text(root, "resource_name", ref problem),
            DeploymentId = Text(root, "deployment_id", ref problem),
            ApiVersion = Text(root, "api_version", ref problem) ?? DefaultApiVersion,
            TenantId = Text(root, "tenant_id", ref problem),
            ClientId = Text(root, "client_id", ref problem),
            Authority = Text(root, "authority", ref problem) ?? DefaultAuthority,
        };

        switch (Text(root, "auth", ref problem))
        {
            case null or "api_key":
                break;
            case "entra":
                settings = settings with { Auth = AzureAuthMode.Entra };
                break;
            default:
                problem ??= "configurations.auth must be 'api_key' or 'entra'.";
                break;
        }

        if (root.TryGetProperty("deployments", out var deployments) && deployments.ValueKind != JsonValueKind.Null)
        {
            if (deployments.ValueKind != JsonValueKind.Object)
            {
                problem ??= "configurations.deployments must be an object of model name to deployment name.";
            }
            else
            {
                var map = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var entry in deployments.EnumerateObject())
                {
                    if (entry.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(entry.Value.GetString()))
                    {
                        problem ??= "configurations.deployments values must be deployment names.";
                        continue;
                    }

                    map[entry.Name] = entry.Value.GetString()!.Trim();
                }

                settings = settings with { Deployments = map.ToFrozenDictionary(StringComparer.Ordinal) };
            }
        }

        if (settings.ResourceName is { } resource && !IsResourceName(resource))
        {
            problem ??= "configurations.resource_name must be an Azure resource name (letters, digits and hyphens).";
        }

        return problem is null ? settings : null;
    }

    /// <summary>What makes <c>https://{name}.openai.azure.com</c> a host name and nothing more.</summary>
    public static bool IsResourceName(string name) =>
        name.Length is >= 2 and <= 64 && name[0] != '-' && name[^1] != '-'
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static string? Text(JsonElement root, string name, ref string? problem)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            problem ??= $"configurations.{name} must be a string.";
            return null;
        }

        var text = value.GetString()!.Trim();
        return text.Length == 0 ? null : text;
    }
}
