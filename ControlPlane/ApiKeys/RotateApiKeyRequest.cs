namespace ControlPlane.ApiKeys;

/// <summary>Optional body of POST /v1/api-keys/{id}/rotate.</summary>
internal sealed record RotateApiKeyRequest
{
    /// <summary>How long the old secret keeps working, 0–86400 s; default 0 (it stops at once).</summary>
    public int? GracePeriodSeconds { get; init; }
}
