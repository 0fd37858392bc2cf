namespace ControlPlane.Workspaces;

/// <summary><c>alert_webhook</c> as written: where budget alerts go and the secret that signs them (write-only).</summary>
internal sealed record AlertWebhookRequest
{
    /// <summary>Absolute http(s) URL; on update, "" removes the webhook.</summary>
    public string? Url { get; init; }
    /// <summary>HMAC-SHA256 signing secret, stored encrypted, never returned. Absent on update keeps the stored one; "" removes it.</summary>
    public string? Secret { get; init; }
}
