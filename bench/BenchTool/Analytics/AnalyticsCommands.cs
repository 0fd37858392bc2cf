namespace BenchTool.Analytics;

/// <summary><c>BenchTool analytics bounds|time …</c>: the helpers of bench/analytics.sh.</summary>
internal static class AnalyticsCommands
{
    public static async Task<int> RunAsync(string[] args) => args.FirstOrDefault() switch
    {
        "bounds" => HistogramBounds.Print(),
        "time" => await QueryTimer.RunAsync(Arguments.Parse(args[1..])),
        _ => Arguments.PrintUsage(),
    };
}
