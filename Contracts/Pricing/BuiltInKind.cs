namespace Contracts.Pricing;

/// <summary>One provider kind of the shipped catalog.</summary>
/// <param name="Inherits">Kinds whose prices apply here too (Azure OpenAI serves OpenAI's models); own entries win.</param>
/// <param name="StripPrefixes">Prefixes a model id may carry that do not change its price (<c>models/</c>, Bedrock's <c>us.</c>).</param>
internal sealed record BuiltInKind(IReadOnlyList<string> Inherits, IReadOnlyList<string> StripPrefixes, IReadOnlyList<BuiltInModel> Models);
