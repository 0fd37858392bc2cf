using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Contracts.Configs;
using DataPlane.Errors;
using DataPlane.Guardrails;
using DataPlane.Routing.Plans;
using DataPlane.Snapshots;
using Microsoft.Extensions.Options;

namespace DataPlane.Routing;

/// <summary>
/// Which config a request runs (contract §4 and the routing issue): <c>x-portkey-config</c> — a saved config id or inline
/// JSON — unless the key forbids overrides (403); else the key's <c>defaults.config_id</c>; else none. Every config is
/// validated before use (unknown provider slugs included, as the key sees them) and compiled once per snapshot.
/// </summary>
internal sealed class ConfigResolver(RoutePlanCompiler compiler, IOptions<RoutingOptions> options)
{
    public RoutePlan? Resolve(string? header, RuntimeApiKey key, RuntimeSnapshot snapshot, out GatewayError? error)
    {
        error = null;
        header = header?.Trim();
        if (!string.IsNullOrEmpty(header))
        {
            if (!key.AllowConfigOverride)
            {
                error = GatewayError.ConfigOverrideForbidden();
                return null;
            }

            return header.StartsWith('{') ? Inline(header, key, snapshot, out error) : Saved(header, key, snapshot, out error);
        }

        return key.DefaultConfigId is { } id ? Saved(id, key, snapshot, out error) : RoutePlanCompiler.Direct;
    }

    private RoutePlan? Saved(string id, RuntimeApiKey key, RuntimeSnapshot snapshot, out GatewayError? error)
    {
        // Another workspace's config is as unknown as a missing one.
        if (!snapshot.ConfigsById.TryGetValue(id, out var entry) || !(key.IsOrganisation || entry.WorkspaceId == key.WorkspaceId))
        {
            error = GatewayError.ConfigNotFound(id);
            return null;
        }

        var compiled = snapshot.CompiledConfigs.GetOrAdd("saved:" + id, static (_, state) =>
        {
            var (entry, snapshot, compiler) = state;
            return CompileChecked(compiler, entry.Config, snapshot.SlugsVisibleTo(entry.WorkspaceId), entry.Id, entry.Version, $"{entry.Id}@v{entry.Version}",
                new GuardrailScope(snapshot, entry.WorkspaceId));
        }, (entry, snapshot, compiler));
        error = compiled.Error;
        return compiled.Plan;
    }

    private RoutePlan? Inline(string json, RuntimeApiKey key, RuntimeSnapshot snapshot, out GatewayError? error)
    {
        var cacheKey = $"inline:{key.WorkspaceId}:{json}";
        if (!snapshot.CompiledConfigs.TryGetValue(cacheKey, out var compiled))
        {
            var workspace = key.IsOrganisation ? null : key.WorkspaceId;
            compiled = CompileInline(json, snapshot.SlugsVisibleTo(workspace), new GuardrailScope(snapshot, workspace));
            if (snapshot.CompiledConfigs.Count < options.Value.InlineConfigCacheSize)
            {
                snapshot.CompiledConfigs.TryAdd(cacheKey, compiled);
            }
        }

        error = compiled.Error;
        return compiled.Plan;
    }

    private CompiledConfig CompileInline(string json, IReadOnlySet<string> slugs, GuardrailScope guardrails)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            return new CompiledConfig(null, GatewayError.InvalidConfig($"'x-portkey-config' is neither a config id nor valid JSON: {ex.Message}"));
        }

        using (document)
        {
            var identity = "inline-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)).AsSpan(0, 12));
            return CompileChecked(compiler, document.RootElement, slugs, null, null, identity, guardrails);
        }
    }

    private static CompiledConfig CompileChecked(
        RoutePlanCompiler compiler, JsonElement config, IReadOnlySet<string> slugs, string? id, int? version, string identity, GuardrailScope guardrails)
    {
        var validation = ConfigValidator.Validate(config, slugs);
        if (!validation.IsValid)
        {
            return new CompiledConfig(null, GatewayError.InvalidConfig(validation.ToMessage()));
        }

        try
        {
            return new CompiledConfig(compiler.Compile(config, id, version, identity, guardrails), null);
        }
        catch (GuardrailCompileException ex)
        {
            // An unknown or invisible pg- id, or a saved guardrail an older snapshot carries with bad parameters.
            return new CompiledConfig(null, GatewayError.InvalidConfig(ex.Message));
        }
    }
}
