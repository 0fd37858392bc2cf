namespace DataPlane.Providers.Bedrock;

/// <summary>What a signed request sends: <c>Authorization</c>, <c>X-Amz-Date</c> and, with temporary credentials, <c>X-Amz-Security-Token</c>.</summary>
internal sealed record SigV4Signature(string Authorization, string AmzDate, string? SecurityToken)
{
    public override string ToString() => Authorization;
}
