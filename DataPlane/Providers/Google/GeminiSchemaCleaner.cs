using System.Text.Json;

namespace DataPlane.Providers.Google;

/// <summary>
/// Rewrites a JSON Schema (OpenAI tool <c>parameters</c>, <c>response_format.json_schema.schema</c>) into the
/// OpenAPI-3.0 subset Gemini's <c>Schema</c> accepts; Gemini answers 400 ("Unknown name …") for any other key.
/// <list type="bullet">
/// <item>kept: <c>type</c>, <c>format</c> (only <c>enum</c>, <c>date-time</c>, <c>int32</c>, <c>int64</c>, <c>float</c>, <c>double</c>),
/// <c>title</c>, <c>description</c>, <c>nullable</c>, <c>enum</c> (string values only), <c>properties</c>, <c>required</c>,
/// <c>items</c>, <c>anyOf</c>, <c>minItems</c>/<c>maxItems</c>, <c>minProperties</c>/<c>maxProperties</c>,
/// <c>minLength</c>/<c>maxLength</c>, <c>pattern</c>, <c>minimum</c>/<c>maximum</c>, <c>propertyOrdering</c>;</item>
/// <item>translated: <c>type: ["string","null"]</c> → <c>type: "string", nullable: true</c>; <c>const: "x"</c> → <c>enum: ["x"]</c>;
/// <c>oneOf</c> → <c>anyOf</c>; local <c>$ref</c> (<c>#/$defs/…</c>, <c>#/definitions/…</c>) → the definition, inlined (depth-limited, so
/// recursive schemas are cut off rather than looping);</item>
/// <item>dropped: everything else — notably <c>additionalProperties</c>, <c>$schema</c>, <c>$id</c>, <c>$defs</c>/<c>definitions</c>
/// (after inlining), <c>strict</c>, <c>allOf</c>, <c>not</c>, <c>patternProperties</c>, <c>default</c>, <c>examples</c>, other formats.</item>
/// </list>
/// </summary>
internal static class GeminiSchemaCleaner
{
    private const int MaxDepth = 32;

    /// <summary>Writes the cleaned schema as the current value of <paramref name="writer"/>.</summary>
    public static void Write(Utf8JsonWriter writer, JsonElement schema) => WriteSchema(writer, schema, schema, 0);

    /// <summary>
    /// Whether a function's <c>parameters</c> declare anything: Gemini rejects an OBJECT schema with empty
    /// <c>properties</c>, so a function without parameters is sent without the field.
    /// </summary>
    public static bool HasParameters(JsonElement parameters)
    {
        if (parameters.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (parameters.TryGetProperty("$ref", out _) || parameters.TryGetProperty("anyOf", out _))
        {
            return true;
        }

        if (parameters.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            return properties.EnumerateObject().Any();
        }

        return parameters.TryGetProperty("type", out _) && !IsObjectType(parameters);
    }

    private static bool IsObjectType(JsonElement schema) =>
        schema.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.ValueEquals("object"u8);

    private static void WriteSchema(Utf8JsonWriter writer, JsonElement schema, JsonElement root, int depth)
    {
        if (schema.ValueKind != JsonValueKind.Object || depth > MaxDepth)
        {
            // A boolean schema (true = anything) or a cut-off recursion: an unconstrained schema.
            writer.WriteStartObject();
            writer.WriteEndObject();
            return;
        }

        if (schema.TryGetProperty("$ref", out var reference) && Resolve(root, reference) is { } target)
        {
            WriteSchema(writer, target, root, depth + 1);
            return;
        }

        writer.WriteStartObject();
        var nullable = false;
        var typeWritten = false;
        foreach (var property in schema.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "type":
                    typeWritten |= WriteType(writer, value, ref nullable);
                    break;
                case "nullable":
                    nullable |= value.ValueKind == JsonValueKind.True;
                    break;
                case "format":
                    if (value.ValueKind == JsonValueKind.String && IsSupportedFormat(value))
                    {
                        property.WriteTo(writer);
                    }

                    break;
                case "title" or "description" or "pattern":
                    if (value.ValueKind == JsonValueKind.String)
                    {
                        property.WriteTo(writer);
                    }

                    break;
                case "minItems" or "maxItems" or "minProperties" or "maxProperties" or "minLength" or "maxLength" or "minimum" or "maximum":
                    if (value.ValueKind == JsonValueKind.Number)
                    {
                        property.WriteTo(writer);
                    }

                    break;
                case "required" or "propertyOrdering":
                    if (IsStringArray(value))
                    {
                        property.WriteTo(writer);
                    }

                    break;
                case "enum":
                    if (IsStringArray(value))
                    {
                        property.WriteTo(writer);
                    }

                    break;
                case "const":
                    if (value.ValueKind == JsonValueKind.String && !schema.TryGetProperty("enum", out _))
                    {
                        writer.WriteStartArray("enum");
                        value.WriteTo(writer);
                        writer.WriteEndArray();
                    }

                    break;
                case "properties":
                    if (value.ValueKind == JsonValueKind.Object)
                    {
                        writer.WriteStartObject("properties");
                        foreach (var field in value.EnumerateObject())
                        {
                            writer.WritePropertyName(field.Name);
                            WriteSchema(writer, field.Value, root, depth + 1);
                        }

                        writer.WriteEndObject();
                    }

                    break;
                case "items":
                    if (value.ValueKind is JsonValueKind.Object or JsonValueKind.True)
                    {
                        writer.WritePropertyName("items");
                        WriteSchema(writer, value, root, depth + 1);
                    }

                    break;
                case "anyOf" or "oneOf":
                    if (value.ValueKind == JsonValueKind.Array && !(property.Name == "oneOf" && schema.TryGetProperty("anyOf", out _)))
                    {
                        WriteAnyOf(writer, value, root, depth, ref nullable);
                    }

                    break;
            }
        }

        if (nullable)
        {
            writer.WriteBoolean("nullable", true);
        }

        if (!typeWritten && schema.TryGetProperty("properties", out _))
        {
            writer.WriteString("type", "object");
        }

        writer.WriteEndObject();
    }

    /// <summary><c>anyOf</c> without its <c>{"type":"null"}</c> member, which becomes <c>nullable</c>.</summary>
    private static void WriteAnyOf(Utf8JsonWriter writer, JsonElement options, JsonElement root, int depth, ref bool nullable)
    {
        writer.WriteStartArray("anyOf");
        foreach (var option in options.EnumerateArray())
        {
            if (option.ValueKind == JsonValueKind.Object && option.TryGetProperty("type", out var type)
                && type.ValueKind == JsonValueKind.String && type.ValueEquals("null"u8))
            {
                nullable = true;
                continue;
            }

            WriteSchema(writer, option, root, depth + 1);
        }

        writer.WriteEndArray();
    }

    private static bool WriteType(Utf8JsonWriter writer, JsonElement type, ref bool nullable)
    {
        if (type.ValueKind == JsonValueKind.String)
        {
            if (type.ValueEquals("null"u8))
            {
                nullable = true;
                return false;
            }

            writer.WritePropertyName("type");
            type.WriteTo(writer);
            return true;
        }

        if (type.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        // ["string", "null"]: Gemini takes one type; null becomes nullable.
        JsonElement? chosen = null;
        foreach (var item in type.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            if (item.ValueEquals("null"u8))
            {
                nullable = true;
            }
            else
            {
                chosen ??= item;
            }
        }

        if (chosen is not { } single)
        {
            return false;
        }

        writer.WritePropertyName("type");
        single.WriteTo(writer);
        return true;
    }

    private static JsonElement? Resolve(JsonElement root, JsonElement reference)
    {
        if (reference.ValueKind != JsonValueKind.String || root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var path = reference.GetString()!;
        string container;
        if (path.StartsWith("#/$defs/", StringComparison.Ordinal))
        {
            container = "$defs";
        }
        else if (path.StartsWith("#/definitions/", StringComparison.Ordinal))
        {
            container = "definitions";
        }
        else
        {
            return path == "#" ? root : null;
        }

        var name = path[(container.Length + 3)..];
        return root.TryGetProperty(container, out var definitions) && definitions.ValueKind == JsonValueKind.Object
            && definitions.TryGetProperty(name, out var definition) ? definition : null;
    }

    private static bool IsSupportedFormat(JsonElement format) =>
        format.ValueEquals("enum"u8) || format.ValueEquals("date-time"u8) || format.ValueEquals("int32"u8)
        || format.ValueEquals("int64"u8) || format.ValueEquals("float"u8) || format.ValueEquals("double"u8);

    private static bool IsStringArray(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return false;
            }
        }

        return true;
    }
}
