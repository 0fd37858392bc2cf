using System.Text.RegularExpressions;

namespace ControlPlane.Http;

/// <summary>Slugs of providers and workspaces: lower-case letters, digits and dashes, 1–63 characters.</summary>
internal static partial class SlugRules
{
    public const string Description = "must match ^[a-z0-9][a-z0-9-]{0,62}$ (lower-case letters, digits and '-', 1-63 characters, not starting with '-').";

    public static bool IsValid(string? slug) => slug is not null && Pattern().IsMatch(slug);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
