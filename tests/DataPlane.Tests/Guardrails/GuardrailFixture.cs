using System.Text.Json;
using Contracts;
using Contracts.Security;
using Contracts.Snapshots;
using TestKit.FakeProviders;

namespace DataPlane.Tests.Guardrails;

/// <summary>
/// A data plane with guardrails: two fake OpenAI upstreams (<c>primary</c>, <c>secondary</c>), saved guardrails of workspace A
/// and B, and a workspace G whose defaults deny "forbidden" on input and redact emails on output.
/// </summary>
public sealed class GuardrailFixture : IAsyncLifetime
{
    public const string DenyWordsId = "pg-denywords001";
    public const string OtherWorkspaceId = "pg-otherws00001";
    public const string BrokenId = "pg-broken000001";
    public const string WarnSecretId = "pg-warnsecret01";
    public static readonly Guid WorkspaceG = Guid.NewGuid();
    public static readonly string BodyLoggingKey = ApiKeyHasher.NewKey();
    public static readonly string WorkspaceGKey = ApiKeyHasher.NewKey();

    /// <summary>Fails (and with deny, refuses) any text with the word "forbidden".</summary>
    public const string NoForbidden = """{"default.contains":{"words":["forbidden"],"operator":"none"}""";

    public FakeOpenAiServer Primary { get; private set; } = null!;
    public FakeOpenAiServer Secondary { get; private set; } = null!;
    public DataPlaneFactory Factory { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        Primary = await FakeOpenAiServer.StartAsync(ct);
        Secondary = await FakeOpenAiServer.StartAsync(ct);
        Factory = new DataPlaneFactory(Snapshot(), new Dictionary<string, string>
        {
            ["Gateway:UpstreamTimeoutMs"] = "5000",
            ["Gateway:StreamIdleTimeoutMs"] = "1500",
        });
    }

    private GatewaySnapshot Snapshot()
    {
        var snapshot = TestSnapshot.Build(1,
            TestSnapshot.Key(BodyLoggingKey, Guid.NewGuid(), "workspace", TestSnapshot.WorkspaceA, [Scopes.CompletionsWrite]) with
            {
                Defaults = new ApiKeyDefaults { LogBodies = true },
            },
            TestSnapshot.Key(WorkspaceGKey, Guid.NewGuid(), "workspace", WorkspaceG, [Scopes.CompletionsWrite]));
        return snapshot with
        {
            Workspaces =
            [
                .. snapshot.Workspaces,
                new WorkspaceEntry(WorkspaceG, "g", "G")
                {
                    InputGuardrails = [Json($"\"{WarnSecretId}\""), Json(NoForbidden + ""","deny":true}""")],
                    OutputGuardrails = [Json("""{"portkey.pii":{"categories":["email"],"redact":true}}""")],
                },
            ],
            Providers =
            [
                .. snapshot.Providers,
                TestSnapshot.Provider("primary", "openai", workspace: null, Primary.BaseUrl, "sk-primary-0123456789"),
                TestSnapshot.Provider("secondary", "openai", workspace: null, Secondary.BaseUrl, "sk-secondary-0123456789"),
            ],
            Guardrails =
            [
                new GuardrailEntry(DenyWordsId, TestSnapshot.WorkspaceA, "deny words", Json(NoForbidden + ""","deny":true}""")),
                new GuardrailEntry(WarnSecretId, WorkspaceG, "warn on 'secret'",
                    Json("""{"default.contains":{"words":["secret"],"operator":"none"}}""")),
                new GuardrailEntry(OtherWorkspaceId, TestSnapshot.WorkspaceB, "other", Json(NoForbidden + "}")),
                // As an older snapshot could carry it: parameters the checks refuse.
                new GuardrailEntry(BrokenId, TestSnapshot.WorkspaceA, "broken", Json("""{"default.wordCount":{"minWords":"many"}}""")),
            ],
        };
    }

    public static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Primary.DisposeAsync();
        await Secondary.DisposeAsync();
    }
}
