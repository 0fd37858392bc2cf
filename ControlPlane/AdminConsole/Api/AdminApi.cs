using System.Net.Http.Headers;
using System.Text.Json;
using ControlPlane.AdminConsole.Auth;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace ControlPlane.AdminConsole.Api;

/// <summary>
/// The console's way to the admin API: real HTTP calls over loopback, as the signed-in key. The console can do exactly
/// what the key can do through the API — same scopes, same workspace rules, same validation errors.
/// </summary>
internal sealed class AdminApi(HttpClient http, AuthenticationStateProvider authentication, NavigationManager navigation)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public Task<ApiResult<T>> GetAsync<T>(string path, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Get, path, body: null, cancellationToken);

    public Task<ApiResult<T>> PostAsync<T>(string path, object? body, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Post, path, body, cancellationToken);

    public Task<ApiResult<T>> PutAsync<T>(string path, object? body, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Put, path, body, cancellationToken);

    public Task<ApiResult<JsonElement>> DeleteAsync(string path, CancellationToken cancellationToken) =>
        SendAsync<JsonElement>(HttpMethod.Delete, path, body: null, cancellationToken);

    public async Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        var key = ConsolePrincipal.Key(state.User);
        if (key is null)
        {
            return SignedOut<T>();
        }

        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (body is not null)
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(body, body.GetType(), options: Json);
        }

        using var response = await TrySendAsync(request, cancellationToken);
        if (response is null)
        {
            return new ApiResult<T>(default, new ApiProblem(503, "Admin API unavailable", "The control plane did not answer; try again.", ApiProblem.NoErrors));
        }

        if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
        {
            // The key was revoked or expired while the page was open: the cookie check will refuse it too.
            return SignedOut<T>();
        }

        if (!response.IsSuccessStatusCode)
        {
            return new ApiResult<T>(default, await ReadProblemAsync(response, cancellationToken));
        }

        if (response.Content.Headers.ContentLength == 0 || response.StatusCode == System.Net.HttpStatusCode.NoContent)
        {
            return new ApiResult<T>(default!, null);
        }

        var value = await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
        return new ApiResult<T>(value!, null);
    }

    // This process's own API over loopback: only a server shutting down fails to answer. The page says so instead of breaking.
    private async Task<HttpResponseMessage?> TrySendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private ApiResult<T> SignedOut<T>()
    {
        navigation.NavigateTo(ConsoleAuth.SignInPath, forceLoad: true);
        return new ApiResult<T>(default, new ApiProblem(401, "Signed out", "The API key is no longer valid.", ApiProblem.NoErrors));
    }

    private static async Task<ApiProblem> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        try
        {
            using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            var root = document.RootElement;
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            if (root.TryGetProperty("errors", out var byPath) && byPath.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in byPath.EnumerateObject())
                {
                    errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                        ? field.Value.EnumerateArray().Select(m => m.ToString()).ToArray()
                        : [field.Value.ToString()];
                }
            }

            return new ApiProblem(status, Text(root, "title") ?? response.ReasonPhrase ?? "Error", Text(root, "detail"), errors);
        }
        catch (JsonException)
        {
            return new ApiProblem(status, response.ReasonPhrase ?? "Error", null, ApiProblem.NoErrors);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
