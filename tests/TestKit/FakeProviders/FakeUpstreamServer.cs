using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TestKit.FakeProviders;

/// <summary>
/// What every fake provider upstream shares, so each fake keeps only its wire format: Kestrel on 127.0.0.1 and a
/// free port (<see cref="Origin"/>, <see cref="Port"/>), recording of the last requests (<see cref="Requests"/>,
/// <see cref="LastRequest"/>, <see cref="RequestCount"/>), the fault queue (<see cref="EnqueueFault"/>: one fault per
/// request, in order), and a bounded stop on dispose (hung handlers are cancelled; at most 5 s).
/// <para>Per request: the body is recorded, the next fault is dequeued; a <see cref="FakeFaultKind.Status"/> or
/// <see cref="FakeFaultKind.HangBeforeHeaders"/> fault is answered here (the provider's error body comes from
/// <see cref="WriteFaultErrorAsync"/>), otherwise the fake's <see cref="AnswerAsync"/> runs with the mid-stream fault,
/// if any. A caller that goes away ends the handler quietly and marks the <see cref="RecordedRequest"/> aborted.</para>
/// </summary>
public abstract class FakeUpstreamServer : IAsyncDisposable
{
    private const int MaxRecorded = 64;

    private readonly ConcurrentQueue<FakeFault> _faults = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;
    private int _requestCount;

    // Only the fakes in this assembly derive from it.
    private protected FakeUpstreamServer()
    {
    }

    /// <summary><c>http://127.0.0.1:PORT</c> — what a provider's <c>base_url</c> should be, unless the fake says otherwise.</summary>
    public virtual string BaseUrl => Origin;

    /// <summary><c>http://127.0.0.1:PORT</c>.</summary>
    public string Origin { get; private set; } = "";

    public int Port { get; private set; }

    /// <summary>The last requests received (at most 64), oldest first.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public RecordedRequest? LastRequest => _requests.LastOrDefault();

    /// <summary>How many requests arrived since start (<see cref="Reset"/> does not change it).</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>Content type of JSON answers.</summary>
    private protected virtual string JsonContentType => "application/json";

    private protected virtual bool IndentJson => false;

    /// <summary>Content type of streamed answers.</summary>
    private protected virtual string EventStreamContentType => "text/event-stream; charset=utf-8";

    /// <summary>What ends each server-sent event.</summary>
    private protected virtual ReadOnlySpan<byte> EventEnd => "\n\n"u8;

    /// <summary>How long every answer waits before it starts (e.g. so that concurrent requests are all in flight at once).</summary>
    public TimeSpan ResponseDelay { get; set; }

    /// <summary>The next request (whatever its path) fails this way; queued faults apply in order, one per request.</summary>
    public void EnqueueFault(FakeFault fault) => _faults.Enqueue(fault);

    /// <summary>Forget queued faults and recorded requests.</summary>
    public virtual void Reset()
    {
        _faults.Clear();
        _requests.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _app.StopAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Hung handlers were cancelled above; a slow shutdown is not a test failure.
            }

            await _app.DisposeAsync();
        }

        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Starts <paramref name="server"/> listening and returns it: what each fake's static <c>StartAsync</c> calls.</summary>
    private protected static async Task<TServer> StartAsync<TServer>(TServer server, CancellationToken cancellationToken)
        where TServer : FakeUpstreamServer
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, 0);
            options.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
        });
        var app = builder.Build();
        server._app = app;
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Port = new Uri(address).Port;
        server.Origin = $"http://127.0.0.1:{server.Port}";
        return server;
    }

    /// <summary>
    /// Answers a request that no fault took over. <paramref name="midStreamFault"/> is a dequeued
    /// <see cref="FakeFaultKind.SilentMidStream"/>/<see cref="FakeFaultKind.DropMidStream"/> fault for a streamed answer
    /// to apply (see <see cref="FailMidStreamAsync"/>), else null.
    /// </summary>
    private protected abstract Task AnswerAsync(HttpContext context, RecordedRequest recorded, FakeFault? midStreamFault, CancellationToken ct);

    /// <summary>Writes a <see cref="FakeFaultKind.Status"/> fault as the provider's error body.</summary>
    private protected abstract Task WriteFaultErrorAsync(HttpContext context, FakeFault fault, CancellationToken ct);

    /// <summary>Headers every answer carries, faults included (e.g. the provider's request id).</summary>
    private protected virtual void AddResponseHeaders(HttpResponse response)
    {
    }

    /// <summary>The content type of a <see cref="FakeFault.RawBody"/>.</summary>
    private protected virtual string RawFaultContentType(string body) => "text/plain";

    /// <summary>Stops a stream the way a mid-stream fault says: reset the connection, or go silent until the caller gives up.</summary>
    private protected static async Task FailMidStreamAsync(HttpContext context, FakeFault fault, CancellationToken ct)
    {
        if (fault.Kind == FakeFaultKind.DropMidStream)
        {
            // A flush hands bytes to Kestrel, not yet to the socket; Abort would discard what is still queued.
            await Task.Delay(100, ct);
            context.Abort();
            return;
        }

        await Task.Delay(Timeout.Infinite, ct);
    }

    private protected async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = IndentJson }))
        {
            write(writer);
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = JsonContentType;
        context.Response.ContentLength = buffer.Length;
        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ct);
    }

    /// <summary>Sends the 200 and the event-stream headers.</summary>
    private protected async Task StartEventStreamAsync(HttpContext context, CancellationToken ct)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = EventStreamContentType;
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.StartAsync(ct);
    }

    /// <summary>One <c>data:</c> event holding the JSON <paramref name="write"/> writes, flushed.</summary>
    private protected Task WriteEventAsync(HttpContext context, Action<Utf8JsonWriter> write, CancellationToken ct) =>
        WriteEventAsync(context, null, write, ct);

    /// <summary>One event (named when <paramref name="name"/> is set) holding the JSON <paramref name="write"/> writes, flushed.</summary>
    private protected async Task WriteEventAsync(HttpContext context, string? name, Action<Utf8JsonWriter> write, CancellationToken ct)
    {
        var output = context.Response.BodyWriter;
        if (name is not null)
        {
            output.Write("event: "u8);
            output.Write(Encoding.UTF8.GetBytes(name));
            output.Write("\n"u8);
        }

        output.Write("data: "u8);
        using (var writer = new Utf8JsonWriter(output))
        {
            write(writer);
        }

        output.Write(EventEnd);
        await output.FlushAsync(ct);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var recorded = await RecordAsync(context);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        var ct = linked.Token;
        AddResponseHeaders(context.Response);
        try
        {
            if (ResponseDelay > TimeSpan.Zero)
            {
                await Task.Delay(ResponseDelay, ct);
            }

            _faults.TryDequeue(out var fault);
            if (fault is not null && fault.Kind is not (FakeFaultKind.SilentMidStream or FakeFaultKind.DropMidStream))
            {
                await FailAsync(context, fault, ct);
                return;
            }

            await AnswerAsync(context, recorded, fault, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The caller went away (or the fake is stopping): nothing more to send.
        }
        catch (IOException)
        {
            // The caller reset the connection while we wrote.
        }
        finally
        {
            if (context.RequestAborted.IsCancellationRequested)
            {
                recorded.MarkAborted();
            }
        }
    }

    private async Task<RecordedRequest> RecordAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requestCount);
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in context.Request.Headers)
        {
            headers[header.Key.ToLowerInvariant()] = header.Value.ToString();
        }

        var recorded = new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "", headers, buffer.ToArray());
        context.RequestAborted.Register(recorded.MarkAborted);
        _requests.Enqueue(recorded);
        while (_requests.Count > MaxRecorded && _requests.TryDequeue(out _))
        {
        }

        return recorded;
    }

    private async Task FailAsync(HttpContext context, FakeFault fault, CancellationToken ct)
    {
        if (fault.Kind == FakeFaultKind.HangBeforeHeaders)
        {
            await Task.Delay(Timeout.Infinite, ct);
            return;
        }

        if (fault.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (fault.RawBody is { } raw)
        {
            context.Response.StatusCode = fault.StatusCode;
            context.Response.ContentType = RawFaultContentType(raw);
            await context.Response.WriteAsync(raw, ct);
            return;
        }

        await WriteFaultErrorAsync(context, fault, ct);
    }
}
