using ControlPlane.Auth;
using Microsoft.AspNetCore.Components.Authorization;

namespace ControlPlane.AdminConsole.Auth;

/// <summary>Who is signed in, for what pages show (the API still decides what they may do).</summary>
internal sealed class ConsoleUser(AuthenticationStateProvider authentication)
{
    public async Task<Caller?> GetAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return Caller.From(state.User);
    }
}
