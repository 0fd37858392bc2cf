namespace ControlPlane.Http;

/// <summary><c>{ "data": [...], "next_cursor": "…" | null }</c>; null on the last page.</summary>
internal sealed record PageResponse<T>(IReadOnlyList<T> Data, string? NextCursor);
