using System.Buffers;
using System.Text.Json;

namespace DataPlane.Errors;

/// <summary>
/// The one place that writes <c>{"error":{"message","type","param","code"}}</c>, plus top-level
/// <c>"provider": "&lt;slug&gt;"</c> on upstream errors (as Portkey's gateway does), and <c>"hook_results"</c> on guardrail denials.
/// </summary>
internal static class OpenAiErrorWriter
{
    public static void Write(IBufferWriter<byte> output, GatewayError error)
    {
        using var writer = new Utf8JsonWriter(output, Providers.WireJson.WriterOptions);
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("message", error.Message);
        writer.WriteString("type", error.Type);
        WriteNullable(writer, "param", error.Param);
        WriteNullable(writer, "code", error.Code);
        writer.WriteEndObject();
        if (error.Provider is not null)
        {
            writer.WriteString("provider", error.Provider);
        }

        if (error.HookResults is { } hooks)
        {
            writer.WritePropertyName("hook_results");
            hooks.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    public static async Task WriteAsync(HttpResponse response, GatewayError error, CancellationToken cancellationToken)
    {
        if (response.HasStarted)
        {
            // Too late for a status: a stream already began; the client sees it end early.
            return;
        }

        response.StatusCode = error.Status;
        response.ContentType = "application/json";
        if (error.RetryAfter is not null)
        {
            response.Headers.RetryAfter = error.RetryAfter;
        }

        Write(response.BodyWriter, error);
        await response.BodyWriter.FlushAsync(cancellationToken);
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
