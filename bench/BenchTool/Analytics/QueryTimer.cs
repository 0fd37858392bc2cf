using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace BenchTool.Analytics;

/// <summary>
/// Times one analytics GET against the real control plane: one warm-up call, then <c>--runs</c> sequential calls on a
/// kept-alive connection, each read to the end. Prints <c>p50_ms max_ms points requests</c> (points = items in
/// <c>data</c>; requests = the sum of their <c>requests</c> fields, a check that the query saw every seeded event).
/// </summary>
internal static class QueryTimer
{
    public static async Task<int> RunAsync(Arguments arguments)
    {
        var baseUrl = new Uri(arguments.Required("url"));
        var path = arguments.Required("path");
        var runs = int.Parse(arguments.Optional("runs", "10"), CultureInfo.InvariantCulture);
        using var client = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Add("x-portkey-api-key", arguments.Required("api-key"));

        var (points, requests) = await CallAsync(client, path, CancellationToken.None);
        var timings = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await CallAsync(client, path, CancellationToken.None);
            timings.Add(watch.Elapsed.TotalMilliseconds);
        }

        timings.Sort();
        // Nearest-rank median: the 5th of 10.
        var p50 = timings[(int)Math.Ceiling(0.5 * timings.Count) - 1];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p50:F0} {timings[^1]:F0} {points} {requests}"));
        return 0;
    }

    private static async Task<(int Points, long Requests)> CallAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(path, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {body}");
        }

        using var document = JsonDocument.Parse(body);
        var data = document.RootElement.GetProperty("data");
        long requests = 0;
        foreach (var item in data.EnumerateArray())
        {
            if (item.TryGetProperty("requests", out var value))
            {
                requests += value.GetInt64();
            }
        }

        return (data.GetArrayLength(), requests);
    }
}
