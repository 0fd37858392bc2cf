using System.Globalization;
using System.Text;

namespace ControlPlane.AdminConsole.Pages.Logs;

/// <summary>
/// The Logs page's filters: what its form edits, what its URL holds (so a filtered view is a link that survives reload),
/// and what <c>GET /v1/logs</c> is asked. The URL uses the API's own parameter names; only metadata differs
/// (<c>metadata=key=value</c> in the URL, <c>metadata.key=value</c> for the API) because a page's query parameters have fixed names.
/// </summary>
public sealed class LogFilter
{
    public const string PagePath = "/logs";
    public const string ApiPath = "/v1/logs";
    public const int DefaultPageSize = 50;

    /// <summary>From, as the form's <c>datetime-local</c> input holds it: UTC, <c>yyyy-MM-ddTHH:mm[:ss]</c>.</summary>
    public string? From { get; set; }

    /// <summary>To, as <see cref="From"/>.</summary>
    public string? To { get; set; }

    public string? WorkspaceId { get; set; }

    public string? ApiKeyId { get; set; }

    public string? Provider { get; set; }

    public string? Model { get; set; }

    public string? Status { get; set; }

    public string? TraceId { get; set; }

    public string? CacheStatus { get; set; }

    public string? GuardrailAction { get; set; }

    /// <summary><c>key=value</c>: the log's metadata must hold that value under that key.</summary>
    public string? Metadata { get; set; }

    /// <summary>Rows per page (<c>limit</c>, 1–500; the API's maximum), or null for <see cref="DefaultPageSize"/>.</summary>
    public int? PageSize { get; set; }

    /// <summary>Why <see cref="Metadata"/> cannot be sent, or null when it can (or is empty).</summary>
    public string? MetadataError => Text(Metadata) is { } pair && SplitPair(pair) is null ? "Use key=value, e.g. team=search." : null;

    public LogFilter Copy() => (LogFilter)MemberwiseClone();

    /// <summary>Reads the page's URL parameters (the API's names; times in ISO 8601) into the form's values.</summary>
    public static LogFilter FromUrl(
        string? timeMin, string? timeMax, string? workspaceId, string? apiKeyId, string? provider, string? model, string? status,
        string? traceId, string? cacheStatus, string? guardrailAction, string? metadata, string? limit = null) => new()
    {
        PageSize = int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is >= 1 and <= global::ControlPlane.Logs.LogQuery.MaxLimit ? size : null,
        From = ToInputTime(timeMin),
        To = ToInputTime(timeMax),
        WorkspaceId = Text(workspaceId),
        ApiKeyId = Text(apiKeyId),
        Provider = Text(provider),
        Model = Text(model),
        Status = Text(status),
        TraceId = Text(traceId),
        CacheStatus = Text(cacheStatus),
        GuardrailAction = Text(guardrailAction),
        Metadata = Text(metadata),
    };

    /// <summary>The page's own URL for these filters (and a page cursor), e.g. <c>/logs?model=gpt-4o&amp;metadata=team%3Dsearch</c>.</summary>
    public string ToPageUrl(string? cursor = null)
    {
        var parameters = Common();
        Add(parameters, "metadata", Metadata);
        Add(parameters, "limit", PageSize?.ToString(CultureInfo.InvariantCulture));
        Add(parameters, "cursor", cursor);
        return PagePath + QueryString(parameters);
    }

    /// <summary>The admin API call for these filters: <c>/v1/logs?limit=…&amp;…&amp;metadata.key=value</c>.</summary>
    public string ToApiUrl(string? cursor = null)
    {
        var limit = PageSize ?? DefaultPageSize;
        var parameters = new List<KeyValuePair<string, string>> { new("limit", limit.ToString(CultureInfo.InvariantCulture)) };
        parameters.AddRange(Common());
        if (Text(Metadata) is { } text && SplitPair(text) is (var key, var value))
        {
            Add(parameters, "metadata." + key, value);
        }

        Add(parameters, "cursor", cursor);
        return ApiPath + QueryString(parameters);
    }

    /// <summary>
    /// Where the detail page's "back" link goes: the list view it was opened from, when that is this page's own path;
    /// anything else (another site, another page) falls back to the unfiltered list.
    /// </summary>
    public static string ListUrlOrDefault(string? back) =>
        back is not null && (back == PagePath || back.StartsWith(PagePath + "?", StringComparison.Ordinal)) ? back : PagePath;

    /// <summary>ISO 8601 (the URL's and the API's form) → the <c>datetime-local</c> input's UTC text; text that is not a time is kept.</summary>
    public static string? ToInputTime(string? iso)
    {
        if (Text(iso) is not { } text)
        {
            return null;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return text;
        }

        var utc = time.UtcDateTime;
        return utc.ToString(utc.Second == 0 && utc.Millisecond == 0 ? "yyyy-MM-dd'T'HH:mm" : "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
    }

    /// <summary>The <c>datetime-local</c> input's text (UTC) → ISO 8601 with <c>Z</c>; text that is not a time is passed on for the API to name.</summary>
    public static string? ToIsoTime(string? input)
    {
        if (Text(input) is not { } text)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : text;
    }

    private List<KeyValuePair<string, string>> Common()
    {
        var parameters = new List<KeyValuePair<string, string>>();
        Add(parameters, "time_of_generation_min", ToIsoTime(From));
        Add(parameters, "time_of_generation_max", ToIsoTime(To));
        Add(parameters, "workspace_id", WorkspaceId);
        Add(parameters, "api_key_id", ApiKeyId);
        Add(parameters, "provider", Provider);
        Add(parameters, "model", Model);
        Add(parameters, "status", Status);
        Add(parameters, "trace_id", TraceId);
        Add(parameters, "cache_status", CacheStatus);
        Add(parameters, "guardrail_action", GuardrailAction);
        return parameters;
    }

    private static (string Key, string Value)? SplitPair(string pair)
    {
        var at = pair.IndexOf('=');
        if (at < 0)
        {
            return null;
        }

        var (key, value) = (pair[..at].Trim(), pair[(at + 1)..].Trim());
        return key.Length > 0 && value.Length > 0 ? (key, value) : null;
    }

    private static void Add(List<KeyValuePair<string, string>> parameters, string name, string? value)
    {
        if (Text(value) is { } text)
        {
            parameters.Add(new(name, text));
        }
    }

    private static string QueryString(List<KeyValuePair<string, string>> parameters)
    {
        if (parameters.Count == 0)
        {
            return "";
        }

        var query = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            query.Append(query.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }

        return query.ToString();
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
