using ControlPlane.Logs;

namespace ControlPlane.Analytics;

/// <summary>SQL text and its parameters, built apart from running it so tests can read what would run.</summary>
internal sealed record AnalyticsCommand(string Sql, SqlConditions Parameters);
