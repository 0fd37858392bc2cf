namespace ControlPlane.Governance;

/// <summary>One row of analyticsdb's <c>spend_since(from)</c>: usage per workspace, key and provider.</summary>
internal sealed record SpendRow(Guid? WorkspaceId, Guid? ApiKeyId, string? Provider, long PromptTokens, long CompletionTokens, decimal CostUsd);
