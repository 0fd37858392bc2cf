using System.Text.Json.Serialization.Metadata;
using Contracts.Usage;

namespace LogIngestor.Ingestion;

/// <summary>
/// <see cref="UsageEvent"/> marks its identity fields <c>required</c>, and System.Text.Json refuses a
/// message that lacks one — which would send the whole batch, valid events included, to the error queue.
/// We read such events anyway and let <see cref="UsageEventValidator"/> reject just them.
/// </summary>
internal static class LenientUsageEventJson
{
    public static void Modify(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Type != typeof(UsageEvent))
        {
            return;
        }

        foreach (var property in typeInfo.Properties)
        {
            property.IsRequired = false;
        }
    }
}
