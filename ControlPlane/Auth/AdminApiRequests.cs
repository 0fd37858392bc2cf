namespace ControlPlane.Auth;

/// <summary>The admin API lives under <c>/v1</c> and takes API keys only; every other path is the console's.</summary>
internal static class AdminApiRequests
{
    public static bool IsAdminApi(HttpRequest request) => request.Path.StartsWithSegments("/v1");
}
