using System.Text.Json;

namespace DataPlane.Guardrails;

/// <summary>
/// Portkey's <c>hook_results</c>: <c>{"before_request_hooks": [...], "after_request_hooks": [...]}</c>, each hook
/// <c>{"id","verdict","deny","async","transformed","execution_time","checks":[{"id","verdict","explanation","execution_time"}]}</c>.
/// A copy taken when the answer or error is made (async guardrails finishing later are only in the usage event).
/// </summary>
internal sealed class HookResults(HookResult[] results)
{
    public IReadOnlyList<HookResult> Results => results;

    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        WriteHooks(writer, "before_request_hooks", GuardrailActions.InputHook);
        WriteHooks(writer, "after_request_hooks", GuardrailActions.OutputHook);
        writer.WriteEndObject();
    }

    private void WriteHooks(Utf8JsonWriter writer, string name, string hook)
    {
        writer.WriteStartArray(name);
        foreach (var result in results)
        {
            if (result.Hook != hook)
            {
                continue;
            }

            writer.WriteStartObject();
            writer.WriteString("id", result.Guardrail.Label);
            writer.WriteBoolean("verdict", result.Verdict);
            writer.WriteBoolean("deny", result.Guardrail.Deny);
            writer.WriteBoolean("async", result.Guardrail.Async);
            writer.WriteBoolean("transformed", result.Transformed);
            writer.WriteNumber("execution_time", Math.Round(result.LatencyMs, 3));
            writer.WriteStartArray("checks");
            foreach (var check in result.Checks)
            {
                writer.WriteStartObject();
                writer.WriteString("id", check.Check);
                writer.WriteBoolean("verdict", check.Verdict);
                if (check.Explanation is null)
                {
                    writer.WriteNull("explanation");
                }
                else
                {
                    writer.WriteString("explanation", check.Explanation);
                }

                writer.WriteNumber("execution_time", Math.Round(check.LatencyMs, 3));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
