using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace ControlPlane.Tests.Governance;

/// <summary>An in-process Kestrel endpoint standing in for a customer's alert webhook; it records every attempt.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<(string Body, string? Signature, string? EventId, int Status)> Attempts { get; } = new();

    /// <summary>Answer 500 to this many attempts first.</summary>
    public int FailFirst { get; set; }

    public string Url => _app.Urls.First() + "/hook";

    public static async Task<WebhookReceiver> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            var status = receiver.Attempts.Count < receiver.FailFirst ? 500 : 200;
            receiver.Attempts.Enqueue((body, request.Headers["X-Gateway-Signature"].ToString(), request.Headers["X-Gateway-Event-Id"].ToString(), status));
            return Results.StatusCode(status);
        });
        await app.StartAsync(cancellationToken);
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
