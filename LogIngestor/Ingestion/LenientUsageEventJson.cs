using System.Text.Json.Serialization.Metadata;
using Contracts.Usage;

namespace LogIngestor.Ingestion;

/// <summary>
/// <see cref="UsageEvent"/> marks its identity fields <c>required</c>, and System.Text.Json refuses a
/// message that lacks one — which would send the whole batch, valid events included, to the error queue.
/// We read such events anyway and let <see cref="UsageEventValidator"/> reject just them. A guardrail verdict lacking
/// a required field is kept too (stored without it): a verdict is a detail of its event, not a reason to lose the event.
/// </summary>
internal static class LenientUsageEventJson
{
    public static void Modify(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Type != typeof(UsageEvent) && typeInfo.Type != typeof(GuardrailVerdict))
        {
            return;
        }

        foreach (var property in typeInfo.Properties)
        {
            property.IsRequired = false;
        }
    }
}
