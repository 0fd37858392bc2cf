namespace DataPlane.Providers.Google;

/// <summary>Gemini's error object: <c>{"code": 400, "message": "…", "status": "INVALID_ARGUMENT"}</c>.</summary>
internal sealed record GeminiError(int? Code, string? Message, string? Status);
