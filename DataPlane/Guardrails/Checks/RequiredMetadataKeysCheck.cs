using Contracts.Guardrails;

namespace DataPlane.Guardrails.Checks;

/// <summary><c>default.requiredMetadataKeys</c>: the request's metadata has every key of <c>metadataKeys</c> (case-sensitive).</summary>
internal sealed class RequiredMetadataKeysCheck(string[] keys) : GuardrailCheck
{
    public override string Id => GuardrailChecks.RequiredMetadataKeys;

    public override ValueTask<CheckOutcome> EvaluateAsync(CheckInput input, CancellationToken cancellationToken)
    {
        List<string>? missing = null;
        foreach (var key in keys)
        {
            if (!input.Metadata.ContainsKey(key))
            {
                (missing ??= []).Add(key);
            }
        }

        // Key names come from the guardrail, not from the request: safe to name.
        return ValueTask.FromResult(missing is null
            ? new CheckOutcome(true, "all required metadata keys are present")
            : new CheckOutcome(false, $"missing metadata keys: {string.Join(", ", missing)}"));
    }
}
