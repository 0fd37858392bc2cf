using System.Text;

namespace BenchTool.Upstream;

/// <summary>
/// Precomputed answers in OpenAI's wire format (shapes of the chat completions API reference), so the
/// fake spends its time on sockets, not on JSON: a ~650-byte completion, and a stream of a few chunks.
/// </summary>
internal static class UpstreamBodies
{
    private const string Model = "gpt-4o-mini-2024-07-18";
    private const string Id = "chatcmpl-bench00000000000000000000000";

    public static readonly byte[] Completion = Encoding.UTF8.GetBytes(
        "{\"id\":\"" + Id + "\",\"object\":\"chat.completion\",\"created\":1732670000,\"model\":\"" + Model + "\","
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello! This is the fixed answer of the "
        + "benchmark's fake upstream, about as long as a short reply from a chat model.\",\"refusal\":null,\"annotations\":[]},"
        + "\"logprobs\":null,\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":25,\"completion_tokens\":24,\"total_tokens\":49,"
        + "\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},"
        + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}},"
        + "\"service_tier\":\"default\",\"system_fingerprint\":\"fp_bench\"}");

    /// <summary>The stream's events before usage: role, four content pieces, finish. Each is flushed on its own.</summary>
    public static readonly byte[][] StreamEvents = BuildStream(withUsage: false);

    /// <summary>As <see cref="StreamEvents"/>, every chunk with <c>"usage":null</c>, then the usage chunk (<c>include_usage</c>).</summary>
    public static readonly byte[][] StreamEventsWithUsage = BuildStream(withUsage: true);

    public static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    public static readonly byte[] NotFound = Encoding.UTF8.GetBytes(
        "{\"error\":{\"message\":\"Unknown route.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"unknown_url\"}}");

    /// <summary>What every request under <c>/fail/</c> gets: the benchmark's failing target for a fallback.</summary>
    public static readonly byte[] ServerError = Encoding.UTF8.GetBytes(
        "{\"error\":{\"message\":\"The server had an error while processing your request.\",\"type\":\"server_error\",\"param\":null,\"code\":null}}");

    private static byte[][] BuildStream(bool withUsage)
    {
        var usageTail = withUsage ? ",\"usage\":null" : "";
        string Chunk(string delta, string finish) =>
            "data: {\"id\":\"" + Id + "\",\"object\":\"chat.completion.chunk\",\"created\":1732670000,\"model\":\"" + Model + "\","
            + "\"service_tier\":\"default\",\"system_fingerprint\":\"fp_bench\",\"choices\":[{\"index\":0,\"delta\":" + delta
            + ",\"logprobs\":null,\"finish_reason\":" + finish + "}]" + usageTail + "}\n\n";

        var events = new List<string>
        {
            Chunk("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", "null"),
            Chunk("{\"content\":\"Hello\"}", "null"),
            Chunk("{\"content\":\" from\"}", "null"),
            Chunk("{\"content\":\" the\"}", "null"),
            Chunk("{\"content\":\" fake.\"}", "null"),
            Chunk("{}", "\"stop\""),
        };
        if (withUsage)
        {
            events.Add("data: {\"id\":\"" + Id + "\",\"object\":\"chat.completion.chunk\",\"created\":1732670000,\"model\":\"" + Model + "\","
                + "\"service_tier\":\"default\",\"system_fingerprint\":\"fp_bench\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":25,\"completion_tokens\":5,\"total_tokens\":30,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}}\n\n");
        }

        return [.. events.Select(Encoding.UTF8.GetBytes)];
    }
}
