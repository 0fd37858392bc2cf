using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Contracts.Security;
using ControlPlane.Catalog;

namespace ControlPlane.Governance;

/// <summary>POSTs one signed alert to a workspace's webhook; retries and timeouts come from the client's resilience handler.</summary>
internal sealed class AlertWebhookSender(IHttpClientFactory clients, SecretProtector protector, TimeProvider time, ILogger<AlertWebhookSender> logger)
{
    public const string ClientName = "budget-alert-webhooks";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <returns>Whether the receiver answered 2xx (a failure is logged, not thrown: the audit entry is the record).</returns>
    public async Task<bool> SendAsync(Workspace workspace, AlertWebhookPayload payload, CancellationToken cancellationToken)
    {
        if (workspace.AlertWebhookUrl is not { } url)
        {
            return false;
        }

        var body = JsonSerializer.Serialize(payload, Json);
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add(WebhookSignature.EventIdHeader, payload.Id);
        if (workspace.AlertWebhookEncryptedSecret is { } encrypted)
        {
            request.Headers.Add(WebhookSignature.Header,
                WebhookSignature.Create(protector.Unprotect(encrypted), time.GetUtcNow().ToUnixTimeSeconds(), body));
        }

        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return true;
            }

            GovernanceLog.WebhookFailed(logger, payload.Id, null);
            return false;
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            GovernanceLog.WebhookFailed(logger, payload.Id, ex);
            return false;
        }
    }
}
