namespace DataPlane.Guardrails.Checks;

/// <summary>One <c>default.contains</c> word, filed under its first token.</summary>
/// <param name="Index">The entry's number (for the found set).</param>
/// <param name="Rest">The words after the first, for entries of several words.</param>
internal sealed record ContainsEntry(int Index, string[] Rest);
