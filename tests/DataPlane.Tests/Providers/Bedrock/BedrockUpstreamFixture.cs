using System.Globalization;
using System.Text.Json;
using TestKit.FakeProviders.Bedrock;

namespace DataPlane.Tests.Providers.Bedrock;

/// <summary>
/// A fake Bedrock Runtime and a real DataPlane whose snapshot has <c>bedrock</c> providers pointing at it: <c>aws</c> (the
/// fake's credentials), <c>aws-sts</c> (the same with a session token), <c>aws-wrong</c> (a wrong secret access key),
/// <c>aws-noregion</c> (no region configured) and <c>aws-dead</c> (nothing listens). Short upstream timeouts.
/// </summary>
public sealed class BedrockUpstreamFixture : IAsyncLifetime
{
    public const string SessionToken = "FwoGZXIvYXdzEXAMPLE//session+token=";
    public const int UpstreamTimeoutMs = 3000;
    public const int StreamIdleTimeoutMs = 1500;

    public FakeBedrockServer Fake { get; private set; } = null!;

    public DataPlaneFactory Factory { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Fake = await FakeBedrockServer.StartAsync(TestContext.Current.CancellationToken);
        var snapshot = TestSnapshot.Build();
        snapshot = snapshot with
        {
            Providers =
            [
                .. snapshot.Providers,
                TestSnapshot.Provider("aws", "bedrock", workspace: null, Fake.BaseUrl, Fake.SecretAccessKey) with { Configurations = Config(Fake.Region, Fake.AccessKeyId) },
                TestSnapshot.Provider("aws-sts", "bedrock", workspace: null, Fake.BaseUrl, Fake.SecretAccessKey) with
                {
                    Configurations = Config(Fake.Region, Fake.AccessKeyId, SessionToken),
                },
                TestSnapshot.Provider("aws-wrong", "bedrock", workspace: null, Fake.BaseUrl, "not-the-secret-access-key-0000000000000") with
                {
                    Configurations = Config(Fake.Region, Fake.AccessKeyId),
                },
                TestSnapshot.Provider("aws-noregion", "bedrock", workspace: null, Fake.BaseUrl, Fake.SecretAccessKey) with
                {
                    Configurations = Config(null, Fake.AccessKeyId),
                },
                TestSnapshot.Provider("aws-dead", "bedrock", workspace: null, "http://127.0.0.1:1", Fake.SecretAccessKey) with { Configurations = Config(Fake.Region, Fake.AccessKeyId) },
            ],
        };
        Factory = new DataPlaneFactory(snapshot, new Dictionary<string, string>
        {
            ["Gateway:UpstreamTimeoutMs"] = UpstreamTimeoutMs.ToString(CultureInfo.InvariantCulture),
            ["Gateway:StreamIdleTimeoutMs"] = StreamIdleTimeoutMs.ToString(CultureInfo.InvariantCulture),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Fake.DisposeAsync();
    }

    private static JsonElement Config(string? region, string accessKeyId, string? sessionToken = null)
    {
        var values = new Dictionary<string, string> { ["access_key_id"] = accessKeyId };
        if (region is not null)
        {
            values["region"] = region;
        }

        if (sessionToken is not null)
        {
            values["session_token"] = sessionToken;
        }

        return JsonSerializer.SerializeToElement(values);
    }
}
