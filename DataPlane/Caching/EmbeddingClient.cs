using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using DataPlane.Inference;
using DataPlane.Providers;
using DataPlane.Providers.Http;
using DataPlane.Routing;
using DataPlane.Snapshots;
using Microsoft.AspNetCore.Http.Features;

namespace DataPlane.Caching;

/// <summary>
/// Embeds a text with a catalog provider (<c>@slug/model</c>, visible to the caller's key) through its adapter,
/// as an ordinary <c>/embeddings</c> request would.
/// </summary>
internal sealed class EmbeddingClient(ProviderRegistry providers)
{
    /// <summary>The target for <paramref name="embeddingModel"/>, or null when it is malformed, unknown, not visible or not allowed.</summary>
    public static RouteTarget? Resolve(string embeddingModel, RuntimeApiKey key, RuntimeSnapshot snapshot)
    {
        if (ModelReferenceParser.Parse(embeddingModel, providerHeader: null, out _) is not { } reference
            || !snapshot.ProvidersBySlug.TryGetValue(reference.ProviderSlug, out var provider)
            || !provider.IsVisibleTo(key)
            || !provider.Allows(reference.Model))
        {
            return null;
        }

        return new RouteTarget(provider, reference.Model);
    }

    /// <summary>The vector, or null when the provider cannot embed or answered anything but a usable 200.</summary>
    public async Task<float[]?> EmbedAsync(RouteTarget target, string text, CancellationToken cancellationToken)
    {
        if (!providers.TryGet(target.Provider.Kind, out var adapter) || (adapter.Operations & InferenceOperation.Embeddings) == 0)
        {
            return null;
        }

        var body = new ArrayBufferWriter<byte>(text.Length + 64);
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("model", target.Model);
            writer.WriteString("input", text);
            writer.WriteEndObject();
        }

        var request = new InferenceRequest(InferenceOperation.Embeddings, body.WrittenMemory, target.Model, Stream: false, IncludeUsage: false, MessageCount: 1, MaxTokens: null);
        var result = await adapter.SendAsync(new ProviderRequest(target, request, Stopwatch.GetTimestamp()), cancellationToken);
        using var response = result.Response;
        if (response is null || response.StatusCode != StatusCodes.Status200OK)
        {
            return null;
        }

        return ReadVector(await BodyOfAsync(response, cancellationToken));
    }

    private static async Task<ReadOnlyMemory<byte>> BodyOfAsync(ProviderResponse response, CancellationToken cancellationToken)
    {
        if (response is BufferedResponse buffered)
        {
            return buffered.Body;
        }

        // Any other answer: let it write itself into a private context.
        var context = new DefaultHttpContext();
        var body = new MemoryStream();
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(body));
        await response.WriteToAsync(context.Response, cancellationToken);
        await context.Response.BodyWriter.FlushAsync(cancellationToken);
        return body.GetBuffer().AsMemory(0, (int)body.Length);
    }

    /// <summary><c>data[0].embedding</c>: an array of numbers, or base64 float32 (<c>encoding_format: base64</c>).</summary>
    internal static float[]? ReadVector(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("data", out var data)
                || data.ValueKind != JsonValueKind.Array
                || data.GetArrayLength() == 0
                || data[0].ValueKind != JsonValueKind.Object
                || !data[0].TryGetProperty("embedding", out var embedding))
            {
                return null;
            }

            if (embedding.ValueKind == JsonValueKind.String)
            {
                var bytes = embedding.GetBytesFromBase64();
                return bytes.Length % sizeof(float) == 0 && bytes.Length > 0 ? VectorMath.FromBytes(bytes).ToArray() : null;
            }

            if (embedding.ValueKind != JsonValueKind.Array || embedding.GetArrayLength() == 0)
            {
                return null;
            }

            var vector = new float[embedding.GetArrayLength()];
            var i = 0;
            foreach (var value in embedding.EnumerateArray())
            {
                if (value.ValueKind != JsonValueKind.Number)
                {
                    return null;
                }

                vector[i++] = value.GetSingle();
            }

            return vector;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }
}
