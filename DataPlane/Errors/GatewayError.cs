namespace DataPlane.Errors;

/// <summary>
/// An error on the hot path, carried as a value until the edge where <see cref="OpenAiErrorWriter"/>
/// turns it into OpenAI's error JSON. Messages never carry secrets.
/// </summary>
internal sealed record GatewayError(int Status, string Type, string Message, string? Param = null, string? Code = null)
{
    /// <summary>The provider slug, on errors that come from (or concern) an upstream: written as top-level <c>"provider"</c>, as Portkey does.</summary>
    public string? Provider { get; init; }

    /// <summary>Sent as <c>Retry-After</c> (seconds), e.g. passed through from an upstream 429.</summary>
    public string? RetryAfter { get; init; }

    /// <summary>How long the upstream asked us to wait (<c>retry-after-ms</c>, else <c>Retry-After</c>); read by retries that honour it.</summary>
    public TimeSpan? RetryDelay { get; init; }

    /// <summary>Guardrail results written next to <c>error</c> as <c>"hook_results"</c> (a 446).</summary>
    public Guardrails.HookResults? HookResults { get; init; }

    /// <summary>No answer at all (unreachable, timed out, breaker open): a fallback or breaker treats it as a failure whatever the status.</summary>
    public bool IsConnectionFailure => Code is "upstream_unreachable" or "upstream_timeout" or "request_timeout" or "circuit_open";

    public static GatewayError InvalidRequest(string message, string? param = null, string? code = null) =>
        new(StatusCodes.Status400BadRequest, ErrorTypes.InvalidRequest, message, param, code);

    public static GatewayError InvalidJson(string detail) =>
        new(StatusCodes.Status400BadRequest, ErrorTypes.InvalidRequest, $"The request body is not valid JSON: {detail}", null, "invalid_json");

    public static GatewayError MissingApiKey() =>
        new(StatusCodes.Status401Unauthorized, ErrorTypes.Authentication,
            "Missing API key: send it as 'x-portkey-api-key: KEY' or 'Authorization: Bearer KEY'.", null, "missing_api_key");

    public static GatewayError InvalidApiKey() =>
        new(StatusCodes.Status401Unauthorized, ErrorTypes.Authentication, "Invalid API key.", null, "invalid_api_key");

    public static GatewayError ExpiredApiKey() =>
        new(StatusCodes.Status401Unauthorized, ErrorTypes.Authentication, "The API key has expired.", null, "expired_api_key");

    public static GatewayError MissingScope(string scope) =>
        new(StatusCodes.Status403Forbidden, ErrorTypes.Permission, $"The API key lacks the '{scope}' scope.", null, "insufficient_scope");

    public static GatewayError ModelNotAllowed(string slug, string model) =>
        new(StatusCodes.Status403Forbidden, ErrorTypes.Permission,
            $"Model '{model}' is not in the allowed models of provider '@{slug}'.", "model", "model_not_allowed");

    public static GatewayError ProviderDisabled(string slug) =>
        new(StatusCodes.Status403Forbidden, ErrorTypes.Permission, $"Provider '@{slug}' is disabled.", "model", "provider_disabled") { Provider = slug };

    /// <summary>A budget (<c>usage_limits</c>) cannot take this request: 412, naming whose budget it is.</summary>
    public static GatewayError BudgetExhausted(string scope, string name, string limitType) =>
        new(StatusCodes.Status412PreconditionFailed, ErrorTypes.Budget,
            $"The {ScopeText(scope)} '{name}' has exhausted its {(limitType == "tokens" ? "token" : "cost")} budget (usage_limits) for this period.",
            null, "budget_exhausted");

    /// <summary>A rate limit is spent: 429 with <c>Retry-After</c>, naming which limit.</summary>
    public static GatewayError RateLimited(string scope, string name, string limitType, string unit, long value, int retryAfterSeconds) =>
        // OpenAI's 429s say which kind of limit in "type": "requests" or "tokens".
        new(StatusCodes.Status429TooManyRequests, limitType,
            $"Rate limit of the {ScopeText(scope)} '{name}' reached: {value} {limitType} per {UnitText(unit)}. Retry after {retryAfterSeconds} s.",
            null, "rate_limit_exceeded")
        {
            RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

    /// <summary>Limits cannot be checked (Redis unreachable) and the workspace's policy is <c>fail_closed</c>.</summary>
    public static GatewayError LimitsUnavailable() =>
        new(StatusCodes.Status503ServiceUnavailable, ErrorTypes.Server,
            "Usage and rate limits cannot be checked right now and this workspace fails closed; retry shortly.", null, "limits_unavailable")
        {
            RetryAfter = "1",
        };

    private static string ScopeText(string scope) => scope switch
    {
        Contracts.Limits.LimitScope.ApiKey => "API key",
        Contracts.Limits.LimitScope.Workspace => "workspace",
        _ => "provider",
    };

    private static string UnitText(string unit) => unit switch
    {
        "rph" => "hour",
        "rpd" => "day",
        _ => "minute",
    };

    public static GatewayError ProviderNotFound(string slug) =>
        new(StatusCodes.Status404NotFound, ErrorTypes.NotFound, $"Provider '@{slug}' was not found.", "model", "provider_not_found");

    public static GatewayError UnsupportedProviderKind(string kind) =>
        new(StatusCodes.Status400BadRequest, ErrorTypes.InvalidRequest, $"provider kind '{kind}' is not supported yet", null, "unsupported_provider");

    public static GatewayError OperationNotSupported(string kind, string path) =>
        new(StatusCodes.Status400BadRequest, ErrorTypes.InvalidRequest, $"Provider kind '{kind}' does not support {path}.", "model", "operation_not_supported");

    /// <summary>A provider entry the gateway cannot use as configured (e.g. no base URL); the client cannot fix it, an admin can.</summary>
    public static GatewayError ProviderMisconfigured(string slug, string reason) =>
        new(StatusCodes.Status502BadGateway, ErrorTypes.Server, $"Provider '@{slug}' is misconfigured: {reason}", null, "provider_misconfigured") { Provider = slug };

    public static GatewayError UpstreamUnreachable(string slug, string reason) =>
        new(StatusCodes.Status502BadGateway, ErrorTypes.Server, $"Provider '@{slug}' could not be reached: {reason}.", null, "upstream_unreachable") { Provider = slug };

    public static GatewayError UpstreamTimeout(string slug, int timeoutMs) =>
        new(StatusCodes.Status504GatewayTimeout, ErrorTypes.Server, $"Provider '@{slug}' did not answer within {timeoutMs} ms.", null, "upstream_timeout") { Provider = slug };

    /// <summary>The upstream said 2xx but its body could not be read or understood.</summary>
    public static GatewayError UpstreamInvalidResponse(string slug, string reason) =>
        new(StatusCodes.Status502BadGateway, ErrorTypes.Server, $"Provider '@{slug}' sent an invalid response: {reason}.", null, "upstream_invalid_response") { Provider = slug };

    /// <summary>Ends a stream that has already begun: the upstream went silent for too long.</summary>
    public static GatewayError StreamIdleTimeout(string slug, int timeoutMs) =>
        new(StatusCodes.Status504GatewayTimeout, ErrorTypes.Server, $"Provider '@{slug}' sent nothing for {timeoutMs} ms; the stream was ended.", null, StreamErrorTypes.IdleTimeout) { Provider = slug };

    /// <summary>Ends a stream that has already begun: the upstream connection died or ended early.</summary>
    public static GatewayError StreamInterrupted(string slug) =>
        new(StatusCodes.Status502BadGateway, ErrorTypes.Server, $"Provider '@{slug}' ended the stream before it was complete.", null, StreamErrorTypes.UpstreamFailed) { Provider = slug };

    public static GatewayError RequestTimeout(int timeoutMs) =>
        new(StatusCodes.Status408RequestTimeout, ErrorTypes.Timeout, $"The request exceeded its request_timeout of {timeoutMs} ms.", null, "request_timeout");

    /// <summary>A target whose circuit breaker is open: skipped without calling it.</summary>
    public static GatewayError CircuitOpen(string optionIndex, string slug) =>
        new(StatusCodes.Status503ServiceUnavailable, ErrorTypes.Server,
            $"Target '{optionIndex}' (provider '@{slug}') is unavailable: its circuit breaker is open.", null, "circuit_open") { Provider = slug };

    public static GatewayError InvalidConfig(string message) =>
        new(StatusCodes.Status400BadRequest, ErrorTypes.InvalidRequest, message, "x-portkey-config", "invalid_config");

    /// <summary>A guardrail with <c>deny: true</c> failed: 446, naming the failed guardrails, with every result so far.</summary>
    public static GatewayError GuardrailDenied(IReadOnlyList<string> guardrails, Guardrails.HookResults hooks) =>
        new(Guardrails.GuardrailStatus.Denied, ErrorTypes.HooksFailed,
            $"The guardrail checks failed: {string.Join(", ", guardrails)}. The request was not served.", null, "guardrail_denied")
        {
            HookResults = hooks,
        };

    /// <summary>Guardrails that cannot be compiled (e.g. a workspace default naming a deleted guardrail).</summary>
    public static GatewayError InvalidGuardrails(string message) =>
        new(StatusCodes.Status400BadRequest, ErrorTypes.InvalidRequest, message, null, "invalid_guardrails");

    public static GatewayError ConfigNotFound(string id) =>
        new(StatusCodes.Status404NotFound, ErrorTypes.NotFound, $"Config '{id}' was not found.", "x-portkey-config", "config_not_found");

    public static GatewayError ConfigOverrideForbidden() =>
        new(StatusCodes.Status403Forbidden, ErrorTypes.Permission,
            "This API key does not allow a config in 'x-portkey-config' (allow_config_override is false).", "x-portkey-config", "config_override_forbidden");

    public static GatewayError NoConditionMatched(string optionIndex) =>
        new(StatusCodes.Status400BadRequest, ErrorTypes.InvalidRequest,
            $"No condition of '{optionIndex}' matched the request and it names no default target.", "x-portkey-config", "no_condition_matched");

    public static GatewayError RouteNotFound(string path) =>
        new(StatusCodes.Status404NotFound, ErrorTypes.NotFound, $"No route for '{path}'.", null, "route_not_found");

    public static GatewayError MethodNotAllowed(string method, string path) =>
        new(StatusCodes.Status405MethodNotAllowed, ErrorTypes.InvalidRequest, $"Method {method} is not allowed on '{path}'.", null, "method_not_allowed");

    public static GatewayError BodyTooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, ErrorTypes.InvalidRequest, $"The request body exceeds the limit of {limit} bytes.", null, "request_too_large");

    public static GatewayError NotReady() =>
        new(StatusCodes.Status503ServiceUnavailable, ErrorTypes.Server, "The gateway has not loaded its configuration yet; retry shortly.", null, "not_ready");

    public static GatewayError Internal() =>
        new(StatusCodes.Status500InternalServerError, ErrorTypes.Server, "The gateway failed to process the request.", null, "internal_error");

    /// <summary>Any status without a more specific error (e.g. a bare status set by the framework).</summary>
    public static GatewayError FromStatus(int status, string path) => status switch
    {
        StatusCodes.Status404NotFound => RouteNotFound(path),
        StatusCodes.Status413PayloadTooLarge => new(status, ErrorTypes.InvalidRequest, "The request body is too large.", null, "request_too_large"),
        >= 500 => new(status, ErrorTypes.Server, "The gateway failed to process the request.", null, null),
        _ => new(status, ErrorTypes.InvalidRequest, $"The request failed with status {status}.", null, null),
    };
}
