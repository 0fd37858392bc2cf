namespace ControlPlane.Http;

/// <summary><c>{ "data": [...] }</c></summary>
internal sealed record ListResponse<T>(IReadOnlyList<T> Data);
