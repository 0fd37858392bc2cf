namespace Contracts.Snapshots;

/// <summary>
/// Secret settings kept in a provider's <c>configurations</c> beside its key (Bedrock's <c>session_token</c>) are stored and
/// published encrypted, like the key: as <c>&lt;name&gt;_encrypted</c>, the <c>SecretProtector</c> ciphertext of the value.
/// </summary>
public static class EncryptedSettings
{
    public const string Suffix = "_encrypted";

    /// <summary>The write-only settings the control plane encrypts.</summary>
    public static readonly IReadOnlyList<string> Names = ["session_token"];
}
