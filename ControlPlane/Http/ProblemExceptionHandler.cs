using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace ControlPlane.Http;

/// <summary>
/// Every exception ends as problem details without a stack trace: request-shape failures
/// (malformed JSON, wrong content type, body too large) with their status and what is wrong;
/// anything else as a plain 500.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception is BadHttpRequestException bad
            ? Describe(bad)
            : new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "Internal Server Error", Detail = "An unexpected error occurred." };
        if (problem.Status == StatusCodes.Status500InternalServerError)
        {
            Log.UnhandledException(logger, httpContext.Request.Method, httpContext.Request.Path, exception);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    internal static ProblemDetails Describe(BadHttpRequestException exception)
    {
        var status = exception.StatusCode;
        var problem = new ProblemDetails { Status = status };
        switch (status)
        {
            case StatusCodes.Status413PayloadTooLarge:
                problem.Title = "Payload Too Large";
                problem.Detail = $"The request body is larger than {RequestLimits.MaxBodyBytes} bytes.";
                break;
            case StatusCodes.Status415UnsupportedMediaType:
                problem.Title = "Unsupported Media Type";
                problem.Detail = "The request body must be JSON (Content-Type: application/json).";
                break;
            default:
                problem.Title = "Bad Request";
                if (FindJsonException(exception) is { } json)
                {
                    var field = JsonPathToField(json.Path);
                    problem.Detail = field is null
                        ? $"The request body is not valid JSON (line {json.LineNumber + 1}, byte {json.BytePositionInLine})."
                        : $"The request body is not valid JSON at '{field}' (line {json.LineNumber + 1}, byte {json.BytePositionInLine}): wrong type or malformed value.";
                    if (field is not null)
                    {
                        problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = ["Wrong type or malformed value."] };
                    }
                }
                else
                {
                    problem.Detail = "The request is malformed: a JSON body is required, and route and query values must have the right type.";
                }

                break;
        }

        return problem;
    }

    private static JsonException? FindJsonException(Exception exception)
    {
        for (var current = exception.InnerException; current is not null; current = current.InnerException)
        {
            if (current is JsonException json)
            {
                return json;
            }
        }

        return null;
    }

    /// <summary><c>$.usage_limits.credit_limit</c> → <c>usage_limits.credit_limit</c>; <c>$</c> or none → null.</summary>
    internal static string? JsonPathToField(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return null;
        }

        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }
}
