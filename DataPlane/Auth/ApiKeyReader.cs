using DataPlane.Headers;
using Microsoft.Net.Http.Headers;

namespace DataPlane.Auth;

/// <summary>Finds the gateway key: <c>x-portkey-api-key</c> first, else <c>Authorization: Bearer</c>.</summary>
internal static class ApiKeyReader
{
    private const string BearerPrefix = "Bearer ";

    public static string? Read(IHeaderDictionary headers)
    {
        var portkey = headers[PortkeyHeaders.ApiKey].ToString().Trim();
        if (portkey.Length > 0)
        {
            return portkey;
        }

        var authorization = headers[HeaderNames.Authorization].ToString();
        if (authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var token = authorization[BearerPrefix.Length..].Trim();
            return token.Length > 0 ? token : null;
        }

        return null;
    }
}
