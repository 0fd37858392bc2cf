using System.Text.Json;

namespace Contracts.Pricing;

/// <summary>Reads <c>prices.json</c> (once per process). A malformed file is a build defect: it throws.</summary>
internal static class PriceFileReader
{
    public const string ResourceName = "Contracts.Pricing.prices.json";

    public static PriceFile ReadEmbedded()
    {
        using var stream = typeof(PriceFileReader).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded price catalog '{ResourceName}' is missing.");
        using var document = JsonDocument.Parse(stream);
        return Parse(document.RootElement);
    }

    public static PriceFile Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Parse(document.RootElement);
    }

    private static PriceFile Parse(JsonElement root)
    {
        var asOf = root.TryGetProperty("as_of", out var a) ? a.GetString() ?? "" : "";
        var free = new HashSet<string>(StringComparer.Ordinal);
        if (root.TryGetProperty("free_kinds", out var freeKinds))
        {
            foreach (var kind in freeKinds.EnumerateArray())
            {
                free.Add(kind.GetString() ?? throw Invalid("free_kinds", "a kind must be a string"));
            }
        }

        var kinds = new Dictionary<string, BuiltInKind>(StringComparer.Ordinal);
        if (root.TryGetProperty("kinds", out var kindsElement))
        {
            foreach (var kind in kindsElement.EnumerateObject())
            {
                kinds[kind.Name] = ParseKind(kind.Name, kind.Value);
            }
        }

        return new PriceFile(asOf, free, kinds);
    }

    private static BuiltInKind ParseKind(string kind, JsonElement element)
    {
        var models = new List<BuiltInModel>();
        if (element.TryGetProperty("models", out var modelsElement))
        {
            foreach (var model in modelsElement.EnumerateObject())
            {
                models.Add(ParseModel($"kinds.{kind}.models.{model.Name}", model.Name, model.Value));
            }
        }

        return new BuiltInKind(Strings(element, "inherits"), Strings(element, "strip_prefixes"), models);
    }

    private static BuiltInModel ParseModel(string path, string id, JsonElement element)
    {
        var input = Price(element, "input", path) ?? throw Invalid(path, "'input' is required");
        var output = Price(element, "output", path) ?? throw Invalid(path, "'output' is required");
        var cached = Price(element, "cached_input", path);
        var callable = Strings(element, "models");
        return new BuiltInModel(id, new ModelPrice(input, output, cached), callable.Count == 0 ? [id] : callable);
    }

    private static decimal? Price(JsonElement element, string name, string path)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var price) && price >= 0
            ? ModelPrice.Normalize(price)
            : throw Invalid(path, $"'{name}' must be a number >= 0");
    }

    private static List<string> Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var array)
            ? [.. array.EnumerateArray().Select(item => item.GetString() ?? throw Invalid(name, "entries must be strings"))]
            : [];

    private static InvalidDataException Invalid(string path, string message) => new($"prices.json: {path}: {message}.");
}
