using Contracts.Pricing;

namespace Contracts.Snapshots;

/// <summary>
/// Everything the data plane needs to serve requests without a database: built by the control
/// plane after every change, stored in Redis, announced on <see cref="SnapshotChannel.Changed"/>.
/// Provider secrets stay encrypted (see <c>SecretProtector</c>).
/// </summary>
public sealed record GatewaySnapshot
{
    public required long Version { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public IReadOnlyList<WorkspaceEntry> Workspaces { get; init; } = [];
    public IReadOnlyList<ProviderEntry> Providers { get; init; } = [];
    public IReadOnlyList<ApiKeyEntry> ApiKeys { get; init; } = [];
    /// <summary>The admin's price overrides; the built-in catalog (<see cref="PriceCatalog"/>) supplies the rest.</summary>
    public IReadOnlyList<ModelPriceEntry> Prices { get; init; } = [];
    /// <summary>Every live saved config at its latest version.</summary>
    public IReadOnlyList<ConfigEntry> Configs { get; init; } = [];
    /// <summary>Every saved guardrail (<c>pg-…</c>).</summary>
    public IReadOnlyList<GuardrailEntry> Guardrails { get; init; } = [];
}
