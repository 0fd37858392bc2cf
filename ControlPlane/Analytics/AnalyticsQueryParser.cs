using System.Globalization;
using ControlPlane.Http;
using ControlPlane.Logs;
using Microsoft.Extensions.Primitives;

namespace ControlPlane.Analytics;

/// <summary>
/// Query string → <see cref="AnalyticsQuery"/>: the filters of <c>/v1/logs</c>, <c>granularity</c> and <c>limit</c>;
/// every bad value named in one problem.
/// </summary>
internal static class AnalyticsQueryParser
{
    public static readonly TimeSpan DefaultRange = TimeSpan.FromHours(24);

    public static AnalyticsQuery Parse(IEnumerable<KeyValuePair<string, StringValues>> query, DateTimeOffset now, ValidationErrors errors)
    {
        var filters = new LogQuery();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        Granularity? granularity = null;
        var limit = AnalyticsQuery.DefaultLimit;
        foreach (var (name, values) in query)
        {
            var value = values.ToString();
            switch (name)
            {
                case "granularity":
                    granularity = value switch
                    {
                        "minute" => Granularity.Minute,
                        "hour" => Granularity.Hour,
                        "day" => Granularity.Day,
                        _ => null,
                    };
                    if (granularity is null)
                    {
                        errors.Add(name, "must be 'minute', 'hour' or 'day'.");
                    }

                    break;
                case "limit":
                    if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 1 and <= AnalyticsQuery.MaxLimit)
                    {
                        limit = parsed;
                    }
                    else
                    {
                        errors.Add(name, $"must be an integer from 1 to {AnalyticsQuery.MaxLimit}.");
                    }

                    break;
                default:
                    filters = LogQueryParser.ApplyFilter(filters, name, value, metadata, errors);
                    break;
            }
        }

        filters = LogQueryParser.Finish(filters, metadata, errors);
        var to = filters.To ?? now;
        var from = filters.From ?? to - DefaultRange;
        if (from > to)
        {
            if (filters.To is null)
            {
                // Only a min given, and in the future: say so rather than draw nothing.
                errors.Add("time_of_generation_min", "must not be in the future when time_of_generation_max is not given.");
            }

            from = to;
        }

        var chosen = granularity ?? TimeBuckets.Default(from, to);
        if (TimeBuckets.Count(from, to, chosen) > TimeBuckets.MaxBuckets)
        {
            errors.Add("granularity", $"'{TimeBuckets.SqlUnit(chosen)}' would give more than {TimeBuckets.MaxBuckets} points for this time range; choose a coarser one or a shorter range.");
        }

        return new AnalyticsQuery(filters with { From = from, To = to }, from, to, chosen, limit);
    }
}
