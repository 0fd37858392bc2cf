namespace Contracts.Pricing;

/// <summary>The parsed <c>prices.json</c>.</summary>
internal sealed record PriceFile(string AsOf, IReadOnlySet<string> FreeKinds, IReadOnlyDictionary<string, BuiltInKind> Kinds);
