using System.Text.Json;
using Contracts.Guardrails;
using DataPlane.Guardrails.Checks;

namespace DataPlane.Guardrails;

/// <summary>
/// Shorthand guardrails (check ids → parameters, plus <c>deny</c>/<c>async</c>/<c>on_fail</c>/<c>on_success</c>) → <see cref="CompiledGuardrail"/>s.
/// Runs when a snapshot's config or workspace is first used, never per request. Anything unusable throws
/// <see cref="GuardrailCompileException"/> naming the path, which callers turn into the config's 400.
/// </summary>
internal sealed class GuardrailCompiler(CheckServices services)
{
    /// <summary>An <c>input_guardrails</c>/<c>output_guardrails</c> array: saved ids (strings) or inline objects.</summary>
    /// <param name="path">Where the array is written, e.g. <c>config.targets[0].input_guardrails</c>.</param>
    public CompiledGuardrail[] CompileList(IReadOnlyList<JsonElement> items, string path, GuardrailScope scope)
    {
        if (items.Count == 0)
        {
            return [];
        }

        var compiled = new CompiledGuardrail[items.Count];
        for (var i = 0; i < compiled.Length; i++)
        {
            var itemPath = $"{path}[{i}]";
            compiled[i] = items[i].ValueKind switch
            {
                JsonValueKind.String => Saved(items[i].GetString()!, itemPath, scope),
                JsonValueKind.Object => Compile(items[i], "inline:" + itemPath, itemPath),
                _ => throw new GuardrailCompileException($"{itemPath} must be a saved guardrail id ('{GuardrailChecks.IdPrefix}…') or a guardrail object."),
            };
        }

        return compiled;
    }

    public CompiledGuardrail[] CompileList(JsonElement array, string path, GuardrailScope scope)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new GuardrailCompileException($"{path} must be an array.");
        }

        return CompileList([.. array.EnumerateArray()], path, scope);
    }

    /// <summary>One shorthand object.</summary>
    public CompiledGuardrail Compile(JsonElement definition, string label, string path)
    {
        if (definition.ValueKind != JsonValueKind.Object)
        {
            throw new GuardrailCompileException($"{path} must be an object.");
        }

        var checks = new List<GuardrailCheck>();
        var deny = false;
        var async = false;
        foreach (var property in definition.EnumerateObject())
        {
            switch (property.Name)
            {
                case GuardrailChecks.Deny:
                    deny = Flag(property, path);
                    break;
                case GuardrailChecks.Async:
                    async = Flag(property, path);
                    break;
                case GuardrailChecks.OnFail or GuardrailChecks.OnSuccess:
                    // Portkey's feedback objects: accepted, no effect on routing.
                    break;
                default:
                    try
                    {
                        checks.Add(CheckCompiler.Compile(property.Name, property.Value, services));
                    }
                    catch (ArgumentException ex)
                    {
                        throw new GuardrailCompileException($"{path}[\"{property.Name}\"]: {ex.Message}");
                    }

                    break;
            }
        }

        if (checks.Count == 0)
        {
            throw new GuardrailCompileException($"{path} has no checks.");
        }

        return new CompiledGuardrail(label, [.. checks], deny, async);
    }

    /// <summary>A <c>pg-…</c> id, compiled once per snapshot; another workspace's is as unknown as a missing one.</summary>
    public CompiledGuardrail Saved(string id, string path, GuardrailScope scope)
    {
        var snapshot = scope.Snapshot;
        if (!id.StartsWith(GuardrailChecks.IdPrefix, StringComparison.Ordinal)
            || !snapshot.GuardrailsById.TryGetValue(id, out var entry)
            || !(scope.WorkspaceId is null || entry.WorkspaceId is null || entry.WorkspaceId == scope.WorkspaceId))
        {
            throw new GuardrailCompileException($"{path}: guardrail '{id}' was not found.");
        }

        var saved = snapshot.CompiledGuardrails.GetOrAdd(id, static (_, state) =>
        {
            var (compiler, entry) = state;
            try
            {
                return new SavedGuardrail(compiler.Compile(entry.Definition, entry.Id, entry.Id), null);
            }
            catch (GuardrailCompileException ex)
            {
                return new SavedGuardrail(null, ex.Message);
            }
        }, (this, entry));
        return saved.Guardrail ?? throw new GuardrailCompileException($"{path}: guardrail '{id}' cannot be used: {saved.Error}");
    }

    private static bool Flag(JsonProperty property, string path) => property.Value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new GuardrailCompileException($"{path}.{property.Name} must be a boolean."),
    };
}
