using System.Collections.Frozen;
using Contracts.Guardrails;

namespace DataPlane.Guardrails.Checks;

/// <summary>
/// <c>default.modelWhitelist</c>: the request's model is one of <c>models</c> (exact, case-sensitive). A model written as
/// <c>@slug/model</c> also passes when its part after the slash is listed.
/// </summary>
internal sealed class ModelWhitelistCheck(IEnumerable<string> models) : GuardrailCheck
{
    private readonly FrozenSet<string> _models = models.ToFrozenSet(StringComparer.Ordinal);

    public override string Id => GuardrailChecks.ModelWhitelist;

    public override ValueTask<CheckOutcome> EvaluateAsync(CheckInput input, CancellationToken cancellationToken)
    {
        var model = input.Model;
        var allowed = _models.Contains(model);
        if (!allowed && model.StartsWith('@') && model.IndexOf('/', StringComparison.Ordinal) is > 1 and var slash)
        {
            allowed = _models.GetAlternateLookup<ReadOnlySpan<char>>().Contains(model.AsSpan(slash + 1));
        }

        return ValueTask.FromResult(allowed
            ? new CheckOutcome(true, "the model is allowed")
            : new CheckOutcome(false, $"the model '{model}' is not in the allowed list"));
    }
}
