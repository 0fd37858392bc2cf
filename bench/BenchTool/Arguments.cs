namespace BenchTool;

/// <summary><c>--name value</c> pairs; every value is required unless the command gives a default.</summary>
internal sealed class Arguments(Dictionary<string, string> values)
{
    public static Arguments Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Expected --name value pairs, got '{args[i]}'.");
            }

            values[args[i][2..]] = args[i + 1];
        }

        return new Arguments(values);
    }

    public string Required(string name) =>
        values.TryGetValue(name, out var value) && value.Length > 0 ? value : throw new ArgumentException($"--{name} is required.");

    public string Optional(string name, string fallback) => values.TryGetValue(name, out var value) ? value : fallback;

    public int Int(string name) => int.Parse(Required(name), System.Globalization.CultureInfo.InvariantCulture);

    public static int PrintUsage()
    {
        Console.Error.WriteLine("""
            usage:
              BenchTool upstream --port N
              BenchTool snapshot --out FILE --secret-key BASE64 --api-key KEY --provider-kind KIND --base-url URL --provider-key KEY
              BenchTool usage-sink --rabbitmq amqp://... --out FILE
              BenchTool analytics bounds | analytics time --url URL --api-key KEY --path /v1/analytics/... [--runs 10]
            """);
        return 2;
    }
}
