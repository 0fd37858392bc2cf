using System.Text.Json;
using ControlPlane.Http;
using ControlPlane.Logs;
using Microsoft.AspNetCore.WebUtilities;

namespace ControlPlane.Tests.Logs;

public sealed class LogExportTests
{
    private static (LogExport Export, ValidationErrors Errors) Parse(string queryString, string? body)
    {
        var errors = new ValidationErrors();
        JsonElement? json = body is null ? null : JsonDocument.Parse(body).RootElement.Clone();
        return (LogExportRequestParser.Parse(QueryHelpers.ParseQuery(queryString), json, errors), errors);
    }

    [Fact]
    public void Parse_BodyWithFormatAndFilters_ReadsEach()
    {
        var (export, errors) = Parse("", """
            {"format": "jsonl", "status": 429, "provider": "openai-prod", "time_of_generation_min": "2025-01-01T00:00:00Z",
             "metadata": {"_user": "ada"}, "metadata.team": "search", "limit": 1000}
            """);
        Assert.True(errors.IsEmpty);
        Assert.Equal(LogExportFormat.Jsonl, export.Format);
        Assert.Equal((429, "openai-prod", 1000L), (export.Filters.Status, export.Filters.Provider, export.MaxRows));
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), export.Filters.From);
        Assert.Equal(new Dictionary<string, string> { ["_user"] = "ada", ["team"] = "search" }, export.Filters.Metadata);
    }

    [Fact]
    public void Parse_QueryString_WorksWithoutBody_AndBodyWins()
    {
        var (fromQuery, errors) = Parse("?format=csv&model=gpt-4o", null);
        Assert.True(errors.IsEmpty);
        Assert.Equal((LogExportFormat.Csv, "gpt-4o", (long?)null), (fromQuery.Format, fromQuery.Filters.Model, fromQuery.MaxRows));

        var (both, _) = Parse("?format=csv&model=gpt-4o", """{"model": "claude"}""");
        Assert.Equal((LogExportFormat.Csv, "claude"), (both.Format, both.Filters.Model));
    }

    [Fact]
    public void Parse_BadExport_NamesEveryField()
    {
        var (_, errors) = Parse("", """{"format": "xml", "status": "x", "cursor": "abc", "limit": 0, "metadata": {"k": 1}, "trace_id": true}""");
        Assert.Equal(["cursor", "format", "limit", "metadata.k", "status", "trace_id"], errors.Fields.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_MissingFormat_NamesFormat() =>
        Assert.Equal(["format"], Parse("", "{}").Errors.Fields);

    [Fact]
    public void Parse_BodyNotAnObject_NamesBody() =>
        Assert.Contains("body", Parse("", "[1]").Errors.Fields);

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("", "")]
    public void CsvField_QuotesOnlyWhatNeedsIt(string value, string expected) =>
        Assert.Equal(expected, CsvField.Escape(value));

    [Fact]
    public void ToCsvRow_HasOneFieldPerHeaderColumn_WithJsonQuoted()
    {
        using var metadata = JsonDocument.Parse("""{"_user":"ada","team":"a,b"}""");
        using var attempts = JsonDocument.Parse("""[{"provider":"p","status":500},{"provider":"q","status":200}]""");
        using var guardrails = JsonDocument.Parse("""[{"hook":"input","guardrail":"pg-pii","verdict":false,"action":"denied","checks":[]}]""");
        var item = new LogItem(Guid.NewGuid(), "trace,1", new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), null, Guid.NewGuid(),
            "p", "openai", "gpt-4o", "/v1/chat/completions", 200, null, false, 10, 5, 0, 15, 0.000123m, true, 120, 100, null, "MISS", 1,
            "config.targets[1]", "pc-abc", 2, metadata.RootElement.Clone(), attempts.RootElement.Clone(), guardrails.RootElement.Clone(), "{\"model\":\"x\"}", null);

        var row = LogExportResult.ToCsvRow(item);

        Assert.EndsWith("\r\n", row);
        var fields = SplitCsv(row[..^2]);
        Assert.Equal(LogExportResult.CsvHeader.Length, fields.Count);
        Assert.Equal("trace,1", fields[1]);
        Assert.Equal("2025-01-02T03:04:05.000000Z", fields[2]);
        Assert.Equal("", fields[3]);
        Assert.Equal("0.000123", fields[16]);
        Assert.Equal("""{"_user":"ada","team":"a,b"}""", fields[26]);
        Assert.Equal(2, JsonDocument.Parse(fields[27]).RootElement.GetArrayLength());
        Assert.Equal("guardrails", LogExportResult.CsvHeader[28]);
        Assert.Equal("denied", JsonDocument.Parse(fields[28]).RootElement[0].GetProperty("action").GetString());
        Assert.Equal("{\"model\":\"x\"}", fields[29]);
    }

    /// <summary>An RFC 4180 reader written here, so the test does not trust the writer's own quoting.</summary>
    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields;
    }
}
