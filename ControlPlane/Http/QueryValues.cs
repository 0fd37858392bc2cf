using System.Globalization;

namespace ControlPlane.Http;

/// <summary>Query-string values parsed the same way on every list route, each bad one named in the problem.</summary>
internal static class QueryValues
{
    public static DateTimeOffset? Time(string name, string value, ValidationErrors errors)
    {
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        errors.Add(name, "must be an ISO 8601 date-time, e.g. 2025-01-31T12:00:00Z.");
        return null;
    }

    public static Guid? Id(string name, string value, ValidationErrors errors)
    {
        if (Guid.TryParse(value, out var id))
        {
            return id;
        }

        errors.Add(name, "must be a UUID.");
        return null;
    }
}
