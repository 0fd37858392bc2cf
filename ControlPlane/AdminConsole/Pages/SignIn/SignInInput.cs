using System.ComponentModel.DataAnnotations;

namespace ControlPlane.AdminConsole.Pages.SignIn;

internal sealed class SignInInput
{
    [Required(ErrorMessage = "Enter an API key.")]
    public string? ApiKey { get; set; }
}
