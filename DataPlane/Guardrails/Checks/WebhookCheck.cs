using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;
using Contracts.Guardrails;

namespace DataPlane.Guardrails.Checks;

/// <summary>
/// <c>default.webhook</c>: POSTs <c>{"eventType": "beforeRequestHook"|"afterRequestHook", "model", "metadata",
/// "request": {"json", "text"}, "response": {"json", "text"}}</c> to <c>webhookURL</c> with <c>headers</c>, and takes the
/// answer's boolean <c>verdict</c>. No answer within <c>timeout</c> (ms, default 3000), a non-2xx status, or an answer
/// without a boolean verdict fails the check (inverted or not). Header values are never logged or explained.
/// </summary>
internal sealed class WebhookCheck(Uri url, IReadOnlyList<KeyValuePair<string, string>> headers, TimeSpan timeout, CheckServices services)
    : GuardrailCheck
{
    /// <summary>The most of an answer read: a verdict is a few bytes.</summary>
    private const int MaxAnswerBytes = 64 * 1024;

    public override string Id => GuardrailChecks.Webhook;

    public override async ValueTask<CheckOutcome> EvaluateAsync(CheckInput input, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(timeout, services.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(WriteBody(input)) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            foreach (var (name, value) in headers)
            {
                if (!request.Headers.TryAddWithoutValidation(name, value))
                {
                    request.Content.Headers.TryAddWithoutValidation(name, value);
                }
            }

            using var response = await services.WebhookClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (!response.IsSuccessStatusCode)
            {
                return CheckOutcome.Failed($"the webhook answered {(int)response.StatusCode}");
            }

            return await ReadVerdictAsync(response, linked.Token) switch
            {
                true => new CheckOutcome(true, "the webhook's verdict: true"),
                false => new CheckOutcome(false, "the webhook's verdict: false"),
                null => CheckOutcome.Failed("the webhook's answer held no boolean verdict"),
            };
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return CheckOutcome.Failed($"the webhook did not answer within {(long)timeout.TotalMilliseconds} ms");
        }
        catch (HttpRequestException)
        {
            // The exception's message may carry transport details; the URL is the admin's own and says enough.
            return CheckOutcome.Failed("the webhook could not be reached");
        }
    }

    private static byte[] WriteBody(CheckInput input)
    {
        var buffer = new ArrayBufferWriter<byte>(1024 + input.RequestJson.Length + input.ResponseJson.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("eventType", input.IsOutput ? "afterRequestHook" : "beforeRequestHook");
            writer.WriteString("model", input.Model);
            writer.WriteStartObject("metadata");
            foreach (var (key, value) in input.Metadata)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
            writer.WriteStartObject("request");
            WriteJson(writer, input.RequestJson);
            if (!input.IsOutput)
            {
                WriteText(writer, input.Texts);
            }

            writer.WriteEndObject();
            writer.WriteStartObject("response");
            if (input.IsOutput)
            {
                WriteJson(writer, input.ResponseJson);
                WriteText(writer, input.Texts);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteJson(Utf8JsonWriter writer, ReadOnlyMemory<byte> json)
    {
        writer.WritePropertyName("json");
        if (json.IsEmpty || !IsJson(json.Span))
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteRawValue(json.Span, skipInputValidation: true);
        }
    }

    private static bool IsJson(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            return reader.Read() && reader.TrySkip() && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void WriteText(Utf8JsonWriter writer, IReadOnlyList<string> texts)
    {
        writer.WriteString("text", texts.Count == 1 ? texts[0] : string.Join('\n', texts));
    }

    /// <summary>The answer's boolean <c>verdict</c>; null when the answer is too big, not JSON, or has none.</summary>
    private static async Task<bool?> ReadVerdictAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is > MaxAnswerBytes)
        {
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(MaxAnswerBytes + 1);
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var length = 0;
            int read;
            while (length <= MaxAnswerBytes && (read = await stream.ReadAsync(buffer.AsMemory(length, MaxAnswerBytes + 1 - length), cancellationToken)) > 0)
            {
                length += read;
            }

            return length > MaxAnswerBytes ? null : ParseVerdict(buffer.AsMemory(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool? ParseVerdict(ReadOnlyMemory<byte> answer)
    {
        try
        {
            using var document = JsonDocument.Parse(answer);
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("verdict", out var verdict)
                   && verdict.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? verdict.GetBoolean()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
