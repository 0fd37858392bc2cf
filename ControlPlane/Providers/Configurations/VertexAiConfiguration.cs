using System.Text.Json;
using System.Text.RegularExpressions;
using ControlPlane.Http;

namespace ControlPlane.Providers.Configurations;

/// <summary>
/// The <c>configurations</c> and <c>key</c> of a <c>vertex-ai</c> provider (the data plane reads the same fields,
/// <c>DataPlane.Providers.Vertex.VertexEndpoint</c>):
/// <list type="bullet">
/// <item><c>region</c> (required, e.g. <c>us-central1</c>; <c>global</c> uses <c>aiplatform.googleapis.com</c>);</item>
/// <item><c>project_id</c> (required unless the service-account key has a <c>project_id</c>);</item>
/// <item>the provider <c>key</c> is the service-account JSON: an object with <c>client_email</c>, <c>private_key</c> (PEM) and
/// <c>token_uri</c> (an https URL, or http for local tests), <c>type</c> <c>service_account</c> when present.</item>
/// </list>
/// Problems name fields, never quote the key. Other configuration fields are left alone.
/// </summary>
internal static partial class VertexAiConfiguration
{
    /// <param name="configurations">The request's (or, on update, the resulting) configurations; null = none.</param>
    /// <param name="hasKey">Whether the provider has a key (sent now or stored).</param>
    /// <param name="errors">Where problems go, at paths like <c>configurations.region</c>.</param>
    /// <param name="key">The key sent with this request (null when none is sent: a stored key was checked when it was sent).</param>
    public static void Validate(JsonElement? configurations, bool hasKey, ValidationErrors errors, string? key = null)
    {
        if (!hasKey)
        {
            errors.Add("key", "A vertex-ai provider needs its service-account JSON key as key.");
        }

        string? keyProject = null;
        if (key is not null)
        {
            keyProject = ValidateKey(key, errors);
        }

        var c = configurations is { ValueKind: JsonValueKind.Object } value ? value : (JsonElement?)null;
        if (configurations is { } given && given.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined))
        {
            errors.Add("configurations", "configurations must be an object.");
            return;
        }

        var region = Text(c, "region", errors);
        if (region is null)
        {
            errors.Add("configurations.region", "region is required (e.g. us-central1, or global).");
        }
        else if (!RegionPattern().IsMatch(region))
        {
            errors.Add("configurations.region", "region must be a Google Cloud region such as us-central1, or global.");
        }

        var project = Text(c, "project_id", errors);
        if (project is not null && !ProjectPattern().IsMatch(project))
        {
            errors.Add("configurations.project_id", "project_id must be a Google Cloud project id.");
        }
        else if (project is null && key is not null && keyProject is null)
        {
            errors.Add("configurations.project_id", "project_id is required: the service-account key names no project_id.");
        }
    }

    /// <summary>The key's checks; returns its <c>project_id</c> when it has one.</summary>
    private static string? ValidateKey(string key, ValidationErrors errors)
    {
        try
        {
            using var document = JsonDocument.Parse(key);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add("key", "key must be a service-account JSON key (an object).");
                return null;
            }

            if (root.TryGetProperty("type", out var type) && type.GetString() != "service_account")
            {
                errors.Add("key", "key must be a service-account key (type service_account).");
            }

            foreach (var field in (ReadOnlySpan<string>)["client_email", "private_key", "token_uri"])
            {
                if (!root.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
                {
                    errors.Add("key", $"The service-account key has no {field}.");
                }
            }

            if (root.TryGetProperty("private_key", out var pem) && pem.ValueKind == JsonValueKind.String
                && !(pem.GetString() ?? "").Contains("-----BEGIN PRIVATE KEY-----", StringComparison.Ordinal)
                && !(pem.GetString() ?? "").Contains("-----BEGIN RSA PRIVATE KEY-----", StringComparison.Ordinal))
            {
                errors.Add("key", "The service-account key's private_key is not a PEM private key.");
            }

            if (root.TryGetProperty("token_uri", out var uri) && uri.ValueKind == JsonValueKind.String
                && !(Uri.TryCreate(uri.GetString(), UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttps || parsed.Scheme == Uri.UriSchemeHttp)))
            {
                errors.Add("key", "The service-account key's token_uri is not an absolute http(s) URL.");
            }

            return root.TryGetProperty("project_id", out var project) && project.ValueKind == JsonValueKind.String
                && !string.IsNullOrWhiteSpace(project.GetString()) ? project.GetString() : null;
        }
        catch (JsonException)
        {
            errors.Add("key", "key must be a service-account JSON key.");
            return null;
        }
    }

    private static string? Text(JsonElement? c, string name, ValidationErrors errors)
    {
        if (c is not { } o || !o.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            errors.Add("configurations." + name, name + " must be a non-empty string.");
            return "";
        }

        return value.GetString()!.Trim();
    }

    [GeneratedRegex("^(global|[a-z]+-[a-z]+[0-9]+)$")]
    private static partial Regex RegionPattern();

    // Project ids: 6–30 of a-z, 0-9, '-'; domain-scoped ones ("example.com:my-project") too.
    [GeneratedRegex("^([a-z0-9.-]+:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$")]
    private static partial Regex ProjectPattern();
}
