namespace DataPlane.Errors;

/// <summary>OpenAI's error <c>type</c> values.</summary>
internal static class ErrorTypes
{
    public const string InvalidRequest = "invalid_request_error";
    public const string Authentication = "authentication_error";
    public const string Permission = "permission_error";
    public const string NotFound = "not_found_error";
    public const string Server = "server_error";
    public const string Timeout = "timeout_error";
}
