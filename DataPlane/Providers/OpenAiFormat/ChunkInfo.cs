namespace DataPlane.Providers.OpenAiFormat;

/// <summary>What one OpenAI stream chunk held, as far as the gateway cares.</summary>
/// <param name="ChoiceCount">Entries in <c>choices</c> (0 on the usage-only chunk of <c>include_usage</c>).</param>
/// <param name="HasUsage">A non-null <c>usage</c> (or Groq's <c>x_groq.usage</c>) was present.</param>
/// <param name="IsError">The chunk is an error (<c>{"error": …}</c>) rather than data.</param>
internal readonly record struct ChunkInfo(int ChoiceCount, bool HasUsage, bool IsError);
