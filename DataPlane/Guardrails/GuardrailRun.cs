using Contracts.Usage;
using DataPlane.Guardrails.Checks;

namespace DataPlane.Guardrails;

/// <summary>
/// One request's guardrail state, made when its first guardrail runs: the redaction numbering (same value → same
/// placeholder across input and output), every result (for <c>hook_results</c> and the usage event), what each guardrail
/// said about which texts (a fallback to a target with the same guardrail reuses it), and async runs still going.
/// The request path is sequential; only async runs record concurrently, hence the lock.
/// </summary>
internal sealed class GuardrailRun
{
    private readonly Lock _gate = new();
    private readonly List<HookResult> _results = new(4);
    private Dictionary<CompiledGuardrail, GuardrailMemo>? _memo;
    private List<Task>? _pending;

    public RedactionState Redaction { get; } = new();

    /// <summary>An input guardrail without deny failed: the answer goes out with status 246.</summary>
    public bool InputWarned { get; set; }

    /// <summary>The request as the target was sent it after redaction (for body logging), when anything was redacted.</summary>
    public string? RedactedRequestBody { get; set; }

    /// <summary>The answering target's own output guardrails (the workspace's come first, from the defaults).</summary>
    public CompiledGuardrail[] TargetOutput { get; set; } = [];

    /// <summary>
    /// The texts of the request body last extracted: a fallback to a target sending the same bytes (no
    /// <c>override_params</c> of its own) does not parse them again.
    /// </summary>
    public List<string> RequestTexts(Inference.InferenceOperation operation, ReadOnlyMemory<byte> body)
    {
        if (_textsOf is not { } known || !known.Span.Overlaps(body.Span, out var offset) || offset != 0 || known.Length != body.Length)
        {
            _texts = Guardrails.RequestTexts.Extract(operation, body);
            _textsOf = body;
        }

        return _texts!;
    }

    private ReadOnlyMemory<byte>? _textsOf;
    private List<string>? _texts;

    public void Record(HookResult result)
    {
        lock (_gate)
        {
            _results.Add(result);
        }
    }

    /// <summary>A copy of the results so far (written into an answer or an error).</summary>
    public HookResults Snapshot()
    {
        lock (_gate)
        {
            return new HookResults([.. _results]);
        }
    }

    /// <summary>The usage event's verdicts.</summary>
    public IReadOnlyList<GuardrailVerdict> Verdicts()
    {
        lock (_gate)
        {
            var verdicts = new GuardrailVerdict[_results.Count];
            for (var i = 0; i < verdicts.Length; i++)
            {
                verdicts[i] = _results[i].ToVerdict();
            }

            return verdicts;
        }
    }

    /// <summary>What <paramref name="guardrail"/> said when it last ran on the same texts; null when it has not.</summary>
    public GuardrailMemo? Remembered(CompiledGuardrail guardrail, IReadOnlyList<string> texts)
    {
        if (_memo is null || !_memo.TryGetValue(guardrail, out var memo) || memo.Texts.Count != texts.Count)
        {
            return null;
        }

        for (var i = 0; i < texts.Count; i++)
        {
            if (!string.Equals(memo.Texts[i], texts[i], StringComparison.Ordinal))
            {
                return null;
            }
        }

        return memo;
    }

    public void Remember(CompiledGuardrail guardrail, IReadOnlyList<string> texts, HookResult? result, IReadOnlyList<string>? redacted) =>
        (_memo ??= new(ReferenceEqualityComparer.Instance))[guardrail] = new GuardrailMemo(texts, result, redacted);

    /// <summary>An async guardrail's run: the usage event waits for it (bounded by the checks' own timeouts).</summary>
    public void Track(Task task)
    {
        lock (_gate)
        {
            (_pending ??= new(1)).Add(task);
        }
    }

    /// <summary>Async runs not yet finished, or null.</summary>
    public Task? Pending()
    {
        lock (_gate)
        {
            if (_pending is null)
            {
                return null;
            }

            _pending.RemoveAll(t => t.IsCompleted);
            return _pending.Count == 0 ? null : Task.WhenAll(_pending);
        }
    }
}
