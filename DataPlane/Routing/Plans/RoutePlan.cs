namespace DataPlane.Routing.Plans;

/// <summary>A compiled routing config: the tree to run, and where it came from (for the usage event and breaker keys).</summary>
/// <param name="ConfigId">The saved config's id (<c>pc-…</c>); null for an inline config or none.</param>
/// <param name="Identity">Stable across requests and replicas: <c>id@vN</c>, or a hash of an inline config's JSON; keys breaker state.</param>
/// <param name="HasConfig">False for the implicit plan of a request without any config (no option index is reported).</param>
internal sealed record RoutePlan(RouteNode Root, string? ConfigId, int? ConfigVersion, string Identity, bool HasConfig = true)
{
    /// <summary>The config's own <c>metadata</c>: logged with every request it routes, under the request's own.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = System.Collections.Frozen.FrozenDictionary<string, string>.Empty;

    /// <summary>The request's metadata over the config's.</summary>
    public IReadOnlyDictionary<string, string> MergeMetadata(IReadOnlyDictionary<string, string> request)
    {
        if (Metadata.Count == 0)
        {
            return request;
        }

        var merged = new Dictionary<string, string>(Metadata, StringComparer.Ordinal);
        foreach (var (name, value) in request)
        {
            merged[name] = value;
        }

        return merged;
    }
}
