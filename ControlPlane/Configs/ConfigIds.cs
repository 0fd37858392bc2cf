using ControlPlane.Catalog;

namespace ControlPlane.Configs;

/// <summary>Config ids: <c>pc-</c> + 12 random characters (<see cref="ResourceIds"/>).</summary>
internal static class ConfigIds
{
    public const string Prefix = "pc-";

    public static string New() => ResourceIds.New(Prefix);

    public static bool IsWellFormed(string? id) => ResourceIds.IsWellFormed(id, Prefix);
}
