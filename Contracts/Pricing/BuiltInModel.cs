namespace Contracts.Pricing;

/// <summary>One model family of the shipped catalog; <see cref="CallableIds"/> are what <c>GET /v1/models</c> lists.</summary>
internal sealed record BuiltInModel(string Id, ModelPrice Price, IReadOnlyList<string> CallableIds);
