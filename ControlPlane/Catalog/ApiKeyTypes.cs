namespace ControlPlane.Catalog;

/// <summary>The <c>type</c> and <c>sub_type</c> values of an API key.</summary>
internal static class ApiKeyTypes
{
    public const string Organisation = "organisation";
    public const string Workspace = "workspace";
    public const string User = "user";
    public const string Service = "service";

    public static bool IsType(string value) => value is Organisation or Workspace;

    public static bool IsSubType(string value) => value is User or Service;
}
