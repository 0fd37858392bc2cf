namespace DataPlane.Routing;

/// <summary>Which provider (by slug) and which model id a request asked for.</summary>
internal readonly record struct ModelReference(string ProviderSlug, string Model);
