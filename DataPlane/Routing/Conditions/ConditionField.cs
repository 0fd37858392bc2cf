using System.Text.Json;
using Contracts.Configs;

namespace DataPlane.Routing.Conditions;

/// <summary>A query field: <c>metadata.&lt;k&gt;</c>, <c>params.&lt;a.b.c&gt;</c> or <c>url.pathname</c>.</summary>
internal sealed class ConditionField
{
    private readonly ConditionFieldKind _kind;
    private readonly string _metadataKey;
    private readonly string[] _paramsPath;

    private ConditionField(ConditionFieldKind kind, string metadataKey, string[] paramsPath)
    {
        _kind = kind;
        _metadataKey = metadataKey;
        _paramsPath = paramsPath;
    }

    /// <exception cref="ArgumentException">Not a field name the validator accepts.</exception>
    public static ConditionField Parse(string name)
    {
        if (name == ConditionSyntax.Pathname)
        {
            return new(ConditionFieldKind.Pathname, "", []);
        }

        if (name.StartsWith(ConditionSyntax.MetadataPrefix, StringComparison.Ordinal) && name.Length > ConditionSyntax.MetadataPrefix.Length)
        {
            // Metadata is a flat map of strings: everything after the prefix is the key, dots included.
            return new(ConditionFieldKind.Metadata, name[ConditionSyntax.MetadataPrefix.Length..], []);
        }

        if (name.StartsWith(ConditionSyntax.ParamsPrefix, StringComparison.Ordinal))
        {
            var path = name[ConditionSyntax.ParamsPrefix.Length..].Split('.');
            if (path.Length > 0 && Array.IndexOf(path, "") < 0)
            {
                return new(ConditionFieldKind.Params, "", path);
            }
        }

        throw new ArgumentException($"'{name}' is not a condition field.", nameof(name));
    }

    public FieldValue Read(ConditionInput input)
    {
        switch (_kind)
        {
            case ConditionFieldKind.Pathname:
                return FieldValue.FromString(input.Pathname);
            case ConditionFieldKind.Metadata:
                return input.Metadata.TryGetValue(_metadataKey, out var text) ? FieldValue.FromString(text) : FieldValue.Missing;
            default:
                if (!input.TryGetParams(out var element))
                {
                    return FieldValue.Missing;
                }

                foreach (var segment in _paramsPath)
                {
                    if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(segment, out element))
                    {
                        return FieldValue.Missing;
                    }
                }

                return FieldValue.FromJson(element);
        }
    }
}
