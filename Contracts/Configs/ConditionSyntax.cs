using System.Text.RegularExpressions;

namespace Contracts.Configs;

/// <summary>
/// The words of a conditional query (<c>strategy.conditions[i].query</c>), shared by the validator and the data plane's
/// evaluator so both accept exactly the same language.
/// </summary>
/// <remarks>
/// A query object holds fields (<c>metadata.&lt;k&gt;</c>, <c>params.&lt;k&gt;</c> with dotted nesting,
/// <c>url.pathname</c>) and <c>$and</c>/<c>$or</c> arrays of queries; its entries are AND-ed. A field's value is a JSON
/// scalar (implicit <c>$eq</c>) or an object of operators (AND-ed). <c>$gt $gte $lt $lte</c> take a number (compared
/// numerically with a number, or with a string that parses as one) or a string (compared ordinally, by UTF-16 code unit).
/// </remarks>
public static class ConditionSyntax
{
    public const string MetadataPrefix = "metadata.";
    public const string ParamsPrefix = "params.";
    public const string Pathname = "url.pathname";
    public const string And = "$and";
    public const string Or = "$or";

    public const string Eq = "$eq";
    public const string Ne = "$ne";
    public const string Gt = "$gt";
    public const string Gte = "$gte";
    public const string Lt = "$lt";
    public const string Lte = "$lte";
    public const string In = "$in";
    public const string Nin = "$nin";
    public const string Regex = "$regex";

    public static readonly IReadOnlyList<string> Operators = [Eq, Ne, Gt, Gte, Lt, Lte, In, Nin, Regex];

    /// <summary>A pathological pattern must not hold a request (or the validator) for long; a timeout counts as no match.</summary>
    public static readonly TimeSpan RegexMatchTimeout = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// The regex a <c>$regex</c> operand means. Interpreted, not <see cref="RegexOptions.Compiled"/>: inline configs may be
    /// compiled per request, and matching short metadata strings interpreted costs far less than emitting IL.
    /// </summary>
    /// <exception cref="ArgumentException">The pattern does not compile.</exception>
    public static Regex CreateRegex(string pattern) =>
        new(pattern, RegexOptions.CultureInvariant, RegexMatchTimeout);
}
