using DataPlane.Snapshots;

namespace DataPlane.Routing;

/// <summary>One place a request can go: a provider account and the model id to ask it for.</summary>
internal sealed record RouteTarget(RuntimeProvider Provider, string Model);
