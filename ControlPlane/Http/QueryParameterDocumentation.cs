using Microsoft.OpenApi;

namespace ControlPlane.Http;

/// <summary>
/// Documents query filters that a handler parses itself (to name every bad one in a single problem):
/// minimal APIs cannot see them, so the OpenAPI document would otherwise list the route without them.
/// </summary>
internal static class QueryParameterDocumentation
{
    public static RouteHandlerBuilder WithQueryParameters(this RouteHandlerBuilder builder, params string[] names) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var name in names)
            {
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = name,
                    In = ParameterLocation.Query,
                    Required = false,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
            }

            return Task.CompletedTask;
        });
}
