using System.Text.Json;
using Contracts.Json;
using Contracts.Snapshots;
using ControlPlane.Catalog;
using ControlPlane.Snapshots;

namespace ControlPlane.Tests.Guardrails;

public sealed class GuardrailSnapshotTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Build_CarriesEveryLiveGuardrail_WithItsWorkspaceAndDefinition()
    {
        var workspaceId = Guid.NewGuid();
        var shared = new Guardrail { Id = "pg-bbbbbbbbbbbb", Name = "pii", Definition = """{"portkey.pii":{"redact":true}}""" };
        var own = new Guardrail { Id = "pg-aaaaaaaaaaaa", Name = "words", WorkspaceId = workspaceId, Definition = """{"default.contains":{"words":["x"]},"deny":true}""" };
        var deleted = new Guardrail { Id = "pg-cccccccccccc", Name = "gone", Definition = "{}", DeletedAt = Now };

        var snapshot = SnapshotBuilder.Build(1, Now, [], [], [], guardrails: [shared, own, deleted]);

        Assert.Equal(["pg-aaaaaaaaaaaa", "pg-bbbbbbbbbbbb"], snapshot.Guardrails.Select(g => g.Id));
        var entry = snapshot.Guardrails[0];
        Assert.Equal((workspaceId, "words"), (entry.WorkspaceId, entry.Name));
        Assert.True(entry.Definition.GetProperty("deny").GetBoolean());
        Assert.Null(snapshot.Guardrails[1].WorkspaceId);
    }

    [Fact]
    public void Build_CarriesWorkspaceDefaultGuardrails_IdsAndInlineObjects()
    {
        var workspace = new Workspace
        {
            Id = Guid.NewGuid(), Slug = "w", Name = "W",
            Defaults = """{"log_bodies":true,"input_guardrails":["pg-aaaaaaaaaaaa",{"default.wordCount":{"maxWords":10}}],"output_guardrails":["pg-bbbbbbbbbbbb"]}""",
        };
        var bare = new Workspace { Id = Guid.NewGuid(), Slug = "x", Name = "X" };

        var snapshot = SnapshotBuilder.Build(1, Now, [workspace, bare], [], []);

        var entry = snapshot.Workspaces.Single(w => w.Slug == "w");
        Assert.True(entry.LogBodies);
        Assert.Equal(2, entry.InputGuardrails.Count);
        Assert.Equal("pg-aaaaaaaaaaaa", entry.InputGuardrails[0].GetString());
        Assert.Equal(10, entry.InputGuardrails[1].GetProperty("default.wordCount").GetProperty("maxWords").GetInt32());
        Assert.Equal("pg-bbbbbbbbbbbb", Assert.Single(entry.OutputGuardrails).GetString());
        var empty = snapshot.Workspaces.Single(w => w.Slug == "x");
        Assert.Empty(empty.InputGuardrails);
        Assert.Empty(empty.OutputGuardrails);
    }

    [Fact]
    public void Snapshot_GuardrailsRoundTripThroughContractJson_KeepingCheckIdsVerbatim()
    {
        var guardrail = new Guardrail { Id = "pg-dddddddddddd", Name = "regex", Definition = """{"default.regexMatch":{"rule":"^a","not":true}}""" };
        var snapshot = SnapshotBuilder.Build(3, Now, [], [], [], guardrails: [guardrail]);

        var json = JsonSerializer.Serialize(snapshot, ContractJson.Options);
        var back = JsonSerializer.Deserialize<GatewaySnapshot>(json, ContractJson.Options)!;

        Assert.Contains("\"guardrails\":[{\"id\":\"pg-dddddddddddd\"", json, StringComparison.Ordinal);
        Assert.True(back.Guardrails[0].Definition.GetProperty("default.regexMatch").GetProperty("not").GetBoolean());
    }
}
