using System.Text.Json;
using Contracts;
using Contracts.Security;
using Contracts.Snapshots;
using TestKit.FakeProviders;

namespace DataPlane.Tests.Routing;

/// <summary>
/// A data plane routing between real fake upstreams: two OpenAI accounts (<c>primary</c>, <c>secondary</c>) on separate
/// fakes, an Anthropic account, an unreachable one (<c>dead</c>) and two mock ones; saved configs; and keys with a default
/// config, with and without permission to override it.
/// </summary>
public class RoutingFixture : IAsyncLifetime
{
    public const string FallbackConfigId = "pc-fallback0001";
    public const string OtherWorkspaceConfigId = "pc-otherws00001";
    public static readonly string DefaultConfigKey = ApiKeyHasher.NewKey();
    public static readonly string LockedConfigKey = ApiKeyHasher.NewKey();
    public static readonly string BodyLoggingKey = ApiKeyHasher.NewKey();
    /// <summary>A workspace-B key: workspace B logs bodies.</summary>
    public static readonly string WorkspaceBKey = ApiKeyHasher.NewKey();

    public FakeOpenAiServer Primary { get; private set; } = null!;
    public FakeOpenAiServer Secondary { get; private set; } = null!;
    public FakeAnthropicServer Anthropic { get; private set; } = null!;
    public DataPlaneFactory Factory { get; private set; } = null!;

    public virtual async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        Primary = await FakeOpenAiServer.StartAsync(ct);
        Secondary = await FakeOpenAiServer.StartAsync(ct);
        Anthropic = await FakeAnthropicServer.StartAsync(ct);
        Secondary.ReplyText = "from secondary";
        var settings = new Dictionary<string, string>
        {
            ["Gateway:UpstreamTimeoutMs"] = "5000",
            ["Gateway:StreamIdleTimeoutMs"] = "1500",
            ["Gateway:Routing:RetryBaseDelayMs"] = "20",
        };
        foreach (var (name, value) in ExtraSettings())
        {
            settings[name] = value;
        }

        Factory = new DataPlaneFactory(Snapshot(), settings);
    }

    /// <summary>Settings a derived fixture adds (e.g. a real Redis).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> ExtraSettings() => [];

    public GatewaySnapshot Snapshot()
    {
        var snapshot = TestSnapshot.Build(1,
            TestSnapshot.Key(DefaultConfigKey, Guid.NewGuid(), "workspace", TestSnapshot.WorkspaceA, [Scopes.CompletionsWrite]) with
            {
                Defaults = new ApiKeyDefaults { ConfigId = FallbackConfigId },
            },
            TestSnapshot.Key(LockedConfigKey, Guid.NewGuid(), "workspace", TestSnapshot.WorkspaceA, [Scopes.CompletionsWrite]) with
            {
                Defaults = new ApiKeyDefaults { ConfigId = FallbackConfigId, AllowConfigOverride = false },
            },
            TestSnapshot.Key(BodyLoggingKey, Guid.NewGuid(), "workspace", TestSnapshot.WorkspaceA, [Scopes.CompletionsWrite]) with
            {
                Defaults = new ApiKeyDefaults { LogBodies = true },
            },
            TestSnapshot.Key(WorkspaceBKey, Guid.NewGuid(), "workspace", TestSnapshot.WorkspaceB, [Scopes.CompletionsWrite]));
        return snapshot with
        {
            Workspaces = [.. snapshot.Workspaces.Select(w => w with { LogBodies = w.Id == TestSnapshot.WorkspaceB })],
            Providers =
            [
                .. snapshot.Providers,
                TestSnapshot.Provider("primary", "openai", workspace: null, Primary.BaseUrl, "sk-primary-0123456789"),
                TestSnapshot.Provider("secondary", "openai", workspace: null, Secondary.BaseUrl, "sk-secondary-0123456789"),
                TestSnapshot.Provider("claude", "anthropic", workspace: null, Anthropic.BaseUrl, "sk-ant-0123456789"),
                TestSnapshot.Provider("dead", "openai", workspace: null, "http://127.0.0.1:1/v1", "sk-dead-0123456789"),
                TestSnapshot.Provider("mock-x", "mock", workspace: null),
                TestSnapshot.Provider("mock-y", "mock", workspace: null),
            ],
            Configs =
            [
                Config(FallbackConfigId, TestSnapshot.WorkspaceA, 3, """
                    {"strategy":{"mode":"fallback"},"targets":[{"provider":"@primary"},{"provider":"@secondary"}]}
                    """),
                Config(OtherWorkspaceConfigId, TestSnapshot.WorkspaceB, 1, """{"provider":"@mock-b"}"""),
            ],
        };
    }

    public static ConfigEntry Config(string id, Guid workspace, int version, string json) =>
        new(id, workspace, Guid.NewGuid(), version, JsonDocument.Parse(json).RootElement.Clone());

    public virtual async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Primary.DisposeAsync();
        await Secondary.DisposeAsync();
        await Anthropic.DisposeAsync();
    }
}
