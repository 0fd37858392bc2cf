namespace DataPlane.Providers.Azure;

/// <summary>An access token and when to stop using it.</summary>
/// <param name="RefreshAt">After this a request fetches a new one (shortly before it expires).</param>
/// <param name="ExpiresAt">After this it is no longer sent, even if a new one cannot be had.</param>
internal sealed record EntraToken(string AccessToken, DateTimeOffset RefreshAt, DateTimeOffset ExpiresAt)
{
    // The token is a credential: keep it out of anything that prints this record.
    public override string ToString() => $"token valid until {ExpiresAt:O}";
}
