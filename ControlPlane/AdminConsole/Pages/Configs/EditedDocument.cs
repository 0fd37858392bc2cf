using System.Text.Json;

namespace ControlPlane.AdminConsole.Pages.Configs;

/// <summary>What <c>JsonDocumentEditor</c> needs of a saved document (a config, a guardrail), whatever its API response type.</summary>
/// <param name="WorkspaceId">Null: organisation-wide.</param>
/// <param name="Body">The document itself, the JSON edited in the text area.</param>
public sealed record EditedDocument(string Id, string Name, Guid? WorkspaceId, JsonElement Body, DateTimeOffset UpdatedAt);
