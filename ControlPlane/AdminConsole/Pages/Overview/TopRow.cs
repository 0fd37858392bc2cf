namespace ControlPlane.AdminConsole.Pages.Overview;

/// <summary>One line of a top list: the group (model, user, key, metadata value) and what it added up to.</summary>
public sealed record TopRow(string Group, string? Label, long Requests, long Errors, decimal CostUsd, long TotalTokens);
