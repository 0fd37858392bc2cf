namespace DataPlane.Guardrails.Checks;

/// <summary>One entity found in a text: where it is and what it is.</summary>
internal readonly record struct PiiSpan(int Start, int Length, PiiType Type)
{
    public int End => Start + Length;

    public bool Overlaps(int start, int length) => start < End && Start < start + length;
}
