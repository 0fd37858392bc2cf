namespace ControlPlane.Workspaces;

/// <summary><c>alert_webhook</c> as read back: the URL, and whether a secret is set — never the secret.</summary>
internal sealed record AlertWebhookResponse(string Url, bool HasSecret);
