using Microsoft.AspNetCore.Http;

namespace TestKit.FakeProviders.Azure;

/// <summary>
/// An in-process fake Azure OpenAI resource. Azure OpenAI speaks OpenAI's wire format, so the answers are
/// <see cref="FakeOpenAiServer"/>'s (chat plain and streamed, tools, JSON mode, completions, embeddings, images, faults);
/// this adds what Azure checks first (shapes from learn.microsoft.com "Azure OpenAI in Azure AI Foundry Models REST API
/// reference"): the path <c>/openai/deployments/{deployment}/{operation}</c>, the <c>api-version</c> query, and the
/// credential — an <c>api-key</c> header (<see cref="RequiredApiKey"/>) or, with <see cref="TokenIssuer"/> set, an
/// <c>Authorization: Bearer</c> token that issuer handed out and that has not expired. Azure's own error shape
/// (<c>{"error":{"code","message"}}</c>) for what fails those checks.
/// <code>
/// await using var azure = await FakeAzureOpenAiServer.StartAsync(ct);
/// // base_url = azure.BaseUrl ("http://127.0.0.1:PORT"), the stand-in for https://{resource}.openai.azure.com
/// azure.RequiredApiKey = "…"; azure.Deployments = ["gpt4o-prod"];
/// azure.LastRequest!.Path;   // "/openai/deployments/gpt4o-prod/chat/completions"
/// </code>
/// </summary>
public sealed class FakeAzureOpenAiServer : FakeOpenAiServer
{
    private const string DeploymentsPrefix = "/openai/deployments/";

    private FakeAzureOpenAiServer()
    {
    }

    /// <summary><c>http://127.0.0.1:PORT</c> — the resource endpoint, as <c>https://{resource}.openai.azure.com</c> would be.</summary>
    public override string BaseUrl => Origin;

    /// <summary>When set, requests must carry <c>api-key: &lt;this&gt;</c> (unless <see cref="TokenIssuer"/> is set).</summary>
    public string? RequiredApiKey { get; set; }

    /// <summary>When set, requests must carry a bearer token this issuer handed out (Entra ID auth) and no api-key.</summary>
    public FakeEntraTokenServer? TokenIssuer { get; set; }

    /// <summary>The api-versions accepted; others answer 400, none answers 404 (as Azure does).</summary>
    public IReadOnlySet<string> ApiVersions { get; set; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "2024-06-01", "2024-10-21", "2025-01-01-preview", "2025-04-01-preview",
    };

    /// <summary>The deployments of this resource; empty = any name is a deployment.</summary>
    public IReadOnlyCollection<string> Deployments { get; set; } = [];

    public static new Task<FakeAzureOpenAiServer> StartAsync(CancellationToken cancellationToken = default) =>
        StartAsync(new FakeAzureOpenAiServer(), cancellationToken);

    public override void Reset()
    {
        base.Reset();
        RequiredApiKey = null;
        TokenIssuer = null;
        Deployments = [];
    }

    private protected override async Task AnswerAsync(HttpContext context, RecordedRequest recorded, FakeFault? midStreamFault, CancellationToken ct)
    {
        var path = context.Request.Path.Value ?? "";
        var apiVersion = context.Request.Query["api-version"].ToString();
        if (!path.StartsWith(DeploymentsPrefix, StringComparison.Ordinal) || apiVersion.Length == 0)
        {
            await WriteAzureErrorAsync(context, 404, "404", "Resource not found", ct);
            return;
        }

        if (!ApiVersions.Contains(apiVersion))
        {
            await WriteAzureErrorAsync(context, 400, "BadRequest", "API version not supported", ct);
            return;
        }

        if (!Authorized(context.Request))
        {
            var message = TokenIssuer is null
                ? "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."
                : "Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.";
            await WriteAzureErrorAsync(context, 401, "401", message, ct);
            return;
        }

        var deployment = path[DeploymentsPrefix.Length..].Split('/')[0];
        if (Deployments.Count > 0 && !Deployments.Contains(deployment))
        {
            await WriteAzureErrorAsync(context, 404, "DeploymentNotFound",
                "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.", ct);
            return;
        }

        await base.AnswerAsync(context, recorded, midStreamFault, ct);
    }

    private bool Authorized(HttpRequest request)
    {
        if (TokenIssuer is { } issuer)
        {
            var authorization = request.Headers.Authorization.ToString();
            return authorization.StartsWith("Bearer ", StringComparison.Ordinal) && issuer.IsValid(authorization["Bearer ".Length..])
                && !request.Headers.ContainsKey("api-key");
        }

        return RequiredApiKey is null || request.Headers["api-key"].ToString() == RequiredApiKey;
    }

    private Task WriteAzureErrorAsync(HttpContext context, int status, string code, string message, CancellationToken ct) =>
        WriteJsonAsync(context, status, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteString("code", code);
            w.WriteString("message", message);
            w.WriteEndObject();
            w.WriteEndObject();
        }, ct);
}
