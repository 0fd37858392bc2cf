namespace DataPlane.Guardrails.Checks;

/// <summary>What checks need from the host: the HttpClient <c>default.webhook</c> posts with (the engine registers it) and the clock.</summary>
internal sealed class CheckServices(HttpClient webhookClient, TimeProvider time)
{
    public HttpClient WebhookClient { get; } = webhookClient;

    public TimeProvider Time { get; } = time;
}
