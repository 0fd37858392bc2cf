using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataPlane.Tests.Guardrails.Checks;

/// <summary>
/// A guardrail webhook on Kestrel (127.0.0.1, free port). The path says how it answers: <c>/true</c>, <c>/false</c>,
/// <c>/slow</c> (5 s, then true), <c>/garbage</c> (not JSON), <c>/noverdict</c>, <c>/error</c> (500). Records what it received.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private WebApplication? _app;

    public string Origin { get; private set; } = "";

    public JsonElement? LastBody { get; private set; }

    public IReadOnlyDictionary<string, string>? LastHeaders { get; private set; }

    public static async Task<WebhookReceiver> StartAsync(CancellationToken cancellationToken)
    {
        var receiver = new WebhookReceiver();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(receiver.HandleAsync);
        await app.StartAsync(cancellationToken);
        receiver._app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Origin = $"http://127.0.0.1:{new Uri(address).Port}";
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _app.StopAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // A slow handler still waiting: not a test failure.
            }

            await _app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        using (var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: ct))
        {
            LastBody = document.RootElement.Clone();
        }

        // Kestrel reuses the header collection after the request: copy it.
        LastHeaders = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        context.Response.ContentType = "application/json";
        try
        {
            switch (context.Request.Path.Value)
            {
                case "/true":
                    await context.Response.WriteAsync("""{"verdict": true, "data": {}}""", ct);
                    break;
                case "/false":
                    await context.Response.WriteAsync("""{"verdict": false}""", ct);
                    break;
                case "/slow":
                    await Task.Delay(TimeSpan.FromSeconds(5), ct);
                    await context.Response.WriteAsync("""{"verdict": true}""", ct);
                    break;
                case "/garbage":
                    context.Response.ContentType = "text/html";
                    await context.Response.WriteAsync("<html>oops</html>", ct);
                    break;
                case "/noverdict":
                    await context.Response.WriteAsync("""{"verdict": "yes"}""", ct);
                    break;
                default:
                    context.Response.StatusCode = 500;
                    await context.Response.WriteAsync("""{"error": "boom"}""", ct);
                    break;
            }
        }
        catch (OperationCanceledException)
        {
            // The check gave up waiting.
        }
    }
}
