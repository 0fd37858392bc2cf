namespace DataPlane.Routing;

/// <summary>The retry count header's text without an allocation per request for the usual counts.</summary>
internal static class RetryCounts
{
    private static readonly string[] Texts = ["0", "1", "2", "3", "4", "5"];

    public static string Text(int count) => count <= 0 ? Texts[0] : count < Texts.Length ? Texts[count] : count.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
