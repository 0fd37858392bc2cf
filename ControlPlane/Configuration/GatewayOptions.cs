using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Configuration;

/// <summary>Configuration section <c>Gateway</c>.</summary>
internal sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Base64 of 32 bytes, shared with the data plane; encrypts provider secrets.</summary>
    [Required]
    public string SecretKey { get; set; } = "";

    /// <summary>The bootstrap organisation admin key (all scopes).</summary>
    [Required]
    [MinLength(16)]
    public string AdminApiKey { get; set; } = "";

    public static bool IsValidSecretKey(string value)
    {
        Span<byte> buffer = stackalloc byte[64];
        return Convert.TryFromBase64String(value, buffer, out var written) && written == 32;
    }
}
