using BenchTool;
using BenchTool.Snapshot;
using BenchTool.Upstream;
using BenchTool.UsageSink;

// bench/run.sh drives these; each command is a small, separate job.
return args.FirstOrDefault() switch
{
    "upstream" => await FakeUpstream.RunAsync(Arguments.Parse(args[1..])),
    "snapshot" => SnapshotWriter.Run(Arguments.Parse(args[1..])),
    "usage-sink" => await UsageEventSink.RunAsync(Arguments.Parse(args[1..])),
    "ingest-load" => await BenchTool.Ingest.IngestLoad.RunAsync(Arguments.Parse(args[1..])),
    "analytics" => await BenchTool.Analytics.AnalyticsCommands.RunAsync(args[1..]),
    _ => Arguments.PrintUsage(),
};
