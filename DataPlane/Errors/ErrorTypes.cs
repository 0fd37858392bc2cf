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

    /// <summary>Portkey's type for a guardrail with <c>deny: true</c> that failed (446).</summary>
    public const string HooksFailed = "hooks_failed";

    /// <summary>OpenAI's type when an account's quota is used up; ours when a budget is.</summary>
    public const string Budget = "insufficient_quota";
}
