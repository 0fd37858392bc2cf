using ControlPlane.AdminConsole.Forms;

namespace ControlPlane.AdminConsole.Pages.ApiKeys;

/// <summary>
/// The settable fields of an API key as the form holds them: text as typed, turned into the API's body on submit
/// (<see cref="ApiKeyForm"/>), so a half-typed number is a field error, not a lost keystroke.
/// </summary>
public sealed class ApiKeyFormModel
{
    public string Name { get; set; } = "";

    public string UserId { get; set; } = "";

    public HashSet<string> Scopes { get; } = new(StringComparer.Ordinal) { Contracts.Scopes.CompletionsWrite };

    public string ConfigId { get; set; } = "";

    /// <summary><c>key=value</c> lines, or a JSON object of strings.</summary>
    public string Metadata { get; set; } = "";

    public bool AllowConfigOverride { get; set; } = true;

    /// <summary><c>""</c>: as the workspace says; <c>"true"</c>/<c>"false"</c>.</summary>
    public string LogBodies { get; set; } = "";

    public List<RateLimitRow> RateLimits { get; } = [];

    public bool HasBudget { get; set; }

    /// <summary><c>cost</c> (USD) or <c>tokens</c>.</summary>
    public string BudgetType { get; set; } = "cost";

    public string CreditLimit { get; set; } = "";

    public string AlertThreshold { get; set; } = "";

    /// <summary><c>""</c> (never), <c>weekly</c> or <c>monthly</c>.</summary>
    public string PeriodicReset { get; set; } = "";

    /// <summary>UTC, as a <c>datetime-local</c> input writes it (<c>yyyy-MM-ddTHH:mm</c>); empty: never expires.</summary>
    public string ExpiresAt { get; set; } = "";
}
