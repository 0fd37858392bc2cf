using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DataPlane.Caching;

/// <summary>
/// Redis keys for a request: SHA-256 over its scope (workspace, namespace, provider, model, operation, stream)
/// and its normalised body (<see cref="RequestNormaliser"/>).
/// </summary>
internal static class CacheKeyBuilder
{
    public const string Prefix = "pk:cache:v1:";

    /// <summary>The keys, or null when the body is not a JSON object (such a request is not cached).</summary>
    public static CacheEntryKey? Build(CacheRequest request, bool semantic)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(request.Request.Body);
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var scope = Scope(request);
            var entry = Prefix + "e:" + Hash(scope, document.RootElement, alsoIgnore: null);
            var bucket = semantic ? Prefix + "s:" + Hash(scope, document.RootElement, alsoIgnore: "messages") : null;
            return new CacheEntryKey(entry, bucket, request.Policy, request.Request.Stream, request.Request.IncludeUsage);
        }
    }

    /// <summary>
    /// The workspace is the key's; an organisation key without one takes the provider's (org keys of the same
    /// provider then share entries, as they share the provider).
    /// </summary>
    private static string Scope(CacheRequest request)
    {
        var workspace = request.Key.WorkspaceId ?? request.Target.Provider.WorkspaceId;
        var builder = new StringBuilder(128);
        // Lengths before values, so no choice of names can make two scopes collide.
        Append(builder, workspace?.ToString("N") ?? "-");
        Append(builder, request.Namespace ?? "");
        Append(builder, request.Target.Provider.Slug);
        Append(builder, request.Target.Model);
        Append(builder, ((int)request.Request.Operation).ToString(CultureInfo.InvariantCulture));
        Append(builder, request.Request.Stream ? "s" : "b");
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, string value) =>
        builder.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('\n');

    private static string Hash(string scope, JsonElement body, string? alsoIgnore)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        var scopeBytes = Encoding.UTF8.GetBytes(scope);
        buffer.Write(scopeBytes);
        RequestNormaliser.Write(body, buffer, alsoIgnore);
        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }
}
