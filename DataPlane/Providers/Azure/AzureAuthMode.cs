namespace DataPlane.Providers.Azure;

/// <summary>How an <c>azure-openai</c> provider authenticates (<c>configurations.auth</c>).</summary>
internal enum AzureAuthMode
{
    /// <summary><c>api-key: &lt;key&gt;</c> (the default).</summary>
    ApiKey,

    /// <summary>A Microsoft Entra ID bearer token from the client-credentials flow; the provider key is the client secret.</summary>
    Entra,
}
