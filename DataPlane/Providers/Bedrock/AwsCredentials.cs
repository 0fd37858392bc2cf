namespace DataPlane.Providers.Bedrock;

/// <summary>
/// The AWS credentials of one <c>bedrock</c> provider entry: the access key id and region are configuration, the secret
/// access key is the provider's (encrypted) key, the optional session token (temporary STS credentials) is sent as
/// <c>x-amz-security-token</c>. <see cref="ToString"/> never shows the secrets.
/// </summary>
internal sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken)
{
    public override string ToString() => $"AwsCredentials {{ AccessKeyId = {AccessKeyId} }}";
}
