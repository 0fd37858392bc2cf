using System.Text.Json;
using System.Text.RegularExpressions;
using Contracts.Configs;

namespace Contracts.Tests.Configs;

/// <summary>The config examples the README shows are valid configs: documentation that cannot drift from the validator.</summary>
public sealed partial class ReadmeConfigExamplesTests
{
    [Fact]
    public void EveryJsonExampleInTheRoutingSection_IsAValidConfig()
    {
        var readme = File.ReadAllText(FindReadme());
        var start = readme.IndexOf("## Routing configs", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no 'Routing configs' section");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = readme[start..(end < 0 ? readme.Length : end)];

        var examples = JsonBlock().Matches(section).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(3, examples.Count);
        foreach (var example in examples)
        {
            using var document = JsonDocument.Parse(example);
            var result = ConfigValidator.Validate(document.RootElement);
            Assert.True(result.IsValid, result.IsValid ? "" : result.ToMessage() + "\n" + example);
        }
    }

    private static string FindReadme()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "README.md");
            if (File.Exists(candidate) && File.Exists(Path.Combine(directory.FullName, "Portkey.Aspire.sln")))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("README.md beside Portkey.Aspire.sln was not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("```json\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
