using System.Buffers;
using System.Net;

namespace BenchTool.Upstream;

/// <summary>
/// A fast fake OpenAI upstream on 127.0.0.1: <c>POST …/chat/completions</c> answers a precomputed
/// completion, or with <c>"stream": true</c> a precomputed SSE stream flushed event by event (no delays);
/// <c>GET /health</c> says it is up; any path under <c>/fail/</c> answers 500 (a target to fall back from). No routing, no logging: it must never be the bottleneck.
/// </summary>
internal static class FakeUpstream
{
    private const int MaxBody = 1 << 20;

    public static async Task<int> RunAsync(Arguments arguments)
    {
        var port = arguments.Int("port");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // Kestrel's defaults on purpose: UnsafePreferInlineScheduling made the event-by-event stream 3x slower here.
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port);
        });

        var app = builder.Build();
        app.Run(HandleAsync);
        await app.RunAsync();
        return 0;
    }

    private static async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var path = request.Path.Value ?? "";
        if (HttpMethods.IsGet(request.Method) && path == "/health")
        {
            response.ContentType = "text/plain";
            await response.WriteAsync("ok", context.RequestAborted);
            return;
        }

        if (!HttpMethods.IsPost(request.Method) || !path.EndsWith("/chat/completions", StringComparison.Ordinal))
        {
            await WriteAsync(response, StatusCodes.Status404NotFound, "application/json", UpstreamBodies.NotFound, context.RequestAborted);
            return;
        }

        var flags = await ReadFlagsAsync(request, context.RequestAborted);
        if (path.StartsWith("/fail/", StringComparison.Ordinal))
        {
            await WriteAsync(response, StatusCodes.Status500InternalServerError, "application/json", UpstreamBodies.ServerError, context.RequestAborted);
            return;
        }

        if (!flags.Stream)
        {
            await WriteAsync(response, StatusCodes.Status200OK, "application/json", UpstreamBodies.Completion, context.RequestAborted);
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        var output = response.BodyWriter;
        foreach (var sseEvent in flags.IncludeUsage ? UpstreamBodies.StreamEventsWithUsage : UpstreamBodies.StreamEvents)
        {
            output.Write(sseEvent);
            await output.FlushAsync(context.RequestAborted);
        }

        output.Write(UpstreamBodies.Done);
        await output.FlushAsync(context.RequestAborted);
    }

    private static async Task WriteAsync(HttpResponse response, int status, string contentType, byte[] body, CancellationToken cancellationToken)
    {
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        await response.BodyWriter.WriteAsync(body, cancellationToken);
    }

    private static async Task<RequestFlags> ReadFlagsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var reader = request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            if (!read.IsCompleted && buffer.Length < MaxBody)
            {
                reader.AdvanceTo(buffer.Start, buffer.End); // wait for the whole body
                continue;
            }

            var flags = buffer.IsSingleSegment ? RequestFlags.Scan(buffer.FirstSpan) : RequestFlags.Scan(buffer.ToArray());
            reader.AdvanceTo(buffer.End);
            return flags;
        }
    }
}
