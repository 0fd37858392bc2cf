using System.Diagnostics;
using Contracts.Usage;
using DataPlane.BodyLogging;
using DataPlane.Errors;
using DataPlane.Guardrails.Checks;
using DataPlane.Inference;
using DataPlane.Providers;
using DataPlane.Providers.Http;
using DataPlane.Routing;
using DataPlane.Snapshots;
using Microsoft.Extensions.Options;

namespace DataPlane.Guardrails;

/// <summary>
/// Runs guardrails on a request's way out and on its answer's way back (issue 8):
/// <list type="bullet">
/// <item>input (<see cref="BeforeTargetAsync"/>, per target, before the cache and the limits): the workspace's defaults, then the
/// target's own (a config's <c>input_guardrails</c>, inherited); a failed <c>deny</c> → 446 and no upstream call; redaction →
/// the request the target sends is rewritten; a failure without deny → the answer's status becomes 246.</item>
/// <item>output (<see cref="AfterResponseAsync"/>, once, on the answer the client will get): non-streamed answers can be
/// withheld (446), redacted, or sent with 246 and <c>hook_results</c>; streams are judged on their assembled text at the end
/// and only recorded (a stream cannot be un-sent).</item>
/// </list>
/// Async guardrails run off the request path and are only recorded. Verdicts go to <see cref="GuardrailRun"/> → the usage event.
/// </summary>
internal sealed class GuardrailEngine(
    GuardrailCompiler compiler,
    IOptions<GuardrailOptions> options,
    IOptions<BodyLoggingOptions> bodyLogging,
    ILogger<GuardrailEngine> logger)
{
    private const InferenceOperation Answered = InferenceOperation.ChatCompletions | InferenceOperation.Completions;

    public GuardrailCompiler Compiler => compiler;

    /// <summary>The key's workspace's default guardrails, compiled once per snapshot.</summary>
    public GuardrailDefaults DefaultsFor(RuntimeSnapshot snapshot, RuntimeApiKey key)
    {
        if (key.WorkspaceId is not { } workspaceId
            || !snapshot.WorkspacesById.TryGetValue(workspaceId, out var workspace)
            || (workspace.InputGuardrails.Count == 0 && workspace.OutputGuardrails.Count == 0))
        {
            return GuardrailDefaults.None;
        }

        return snapshot.WorkspaceGuardrails.GetOrAdd(workspaceId, static (id, state) =>
        {
            var (compiler, snapshot, workspace) = state;
            var scope = new GuardrailScope(snapshot, id);
            try
            {
                return new GuardrailDefaults(
                    compiler.CompileList(workspace.InputGuardrails, "workspace.input_guardrails", scope),
                    compiler.CompileList(workspace.OutputGuardrails, "workspace.output_guardrails", scope));
            }
            catch (GuardrailCompileException ex)
            {
                return new GuardrailDefaults([], [], GatewayError.InvalidGuardrails($"The workspace's default guardrails cannot be used: {ex.Message}"));
            }
        }, (compiler, snapshot, workspace));
    }

    /// <summary>The input hook for one target; remembered per guardrail, so a fallback does not run the same one again.</summary>
    public async ValueTask<InputHookOutcome> BeforeTargetAsync(RouteRun run, CompiledGuardrail[] own, ProviderRequest request, CancellationToken cancellationToken)
    {
        var defaults = run.GuardrailDefaults.Input;
        if (defaults.Length == 0 && own.Length == 0)
        {
            return default;
        }

        var state = run.Guardrails;
        var body = request.Request.Body;
        var original = state.RequestTexts(request.Operation, body);
        IReadOnlyList<string> texts = original;
        List<string>? denied = null;
        for (var i = 0; i < defaults.Length + own.Length; i++)
        {
            var guardrail = i < defaults.Length ? defaults[i] : own[i - defaults.Length];
            IReadOnlyList<string>? redacted;
            HookResult? result;
            if (state.Remembered(guardrail, texts) is { } memo)
            {
                (result, redacted) = (memo.Result, memo.Redacted);
            }
            else if (guardrail.Async)
            {
                state.Remember(guardrail, texts, null, null);
                state.Track(RecordAsync(state, guardrail, GuardrailActions.InputHook, Detached(Input(run, request, texts, output: default))));
                continue;
            }
            else
            {
                (result, redacted) = await EvaluateAsync(guardrail, GuardrailActions.InputHook, Input(run, request, texts, output: default), recordOnly: false, cancellationToken);
                state.Record(result);
                state.Remember(guardrail, texts, result, redacted);
            }

            if (result is null)
            {
                continue;
            }

            texts = redacted ?? texts;
            if (!result.Verdict)
            {
                if (guardrail.Deny)
                {
                    (denied ??= []).Add(guardrail.Label);
                }
                else
                {
                    state.InputWarned = true;
                }
            }
        }

        if (ReferenceEquals(texts, original))
        {
            return denied is null ? default : new InputHookOutcome(GatewayError.GuardrailDenied(denied, state.Snapshot()), null);
        }

        var rewritten = RequestTexts.Rewrite(request.Operation, body, texts);
        run.DisposeWithResponse(rewritten);
        if (run.Key.LogBodies)
        {
            // Also when refused: the logs never hold what a guardrail redacted.
            var span = rewritten.WrittenSpan;
            var max = bodyLogging.Value.MaxBodyBytes;
            state.RedactedRequestBody = BodyText.From(span[..Math.Min(span.Length, max)], Math.Max(0, span.Length - max));
        }

        if (denied is not null)
        {
            return new InputHookOutcome(GatewayError.GuardrailDenied(denied, state.Snapshot()), null);
        }

        // Only texts changed: the routing fields read before stay true; the adapter still compares against the client's model.
        return new InputHookOutcome(null, request.Request with { Body = rewritten.WrittenMemory });
    }

    /// <summary>
    /// The output hook on the answer the client will get: the workspace's output guardrails, then the answering target's.
    /// Also where a non-streamed answer to a warned request becomes 246 with <c>hook_results</c>.
    /// </summary>
    public async ValueTask<ProviderResult> AfterResponseAsync(RouteRun run, ProviderResponse response, CancellationToken cancellationToken)
    {
        var state = run.GuardrailState;
        var operation = run.Request.Operation;
        var defaults = run.GuardrailDefaults.Output;
        var own = run.OutputGuardrails;
        var guarded = (operation & Answered) != 0 && (defaults.Length > 0 || own.Length > 0) ? Concat(defaults, own) : [];
        var warned = state?.InputWarned == true;
        if ((guarded.Length == 0 && !warned) || response.StatusCode is < 200 or > 299)
        {
            return response;
        }

        state ??= run.Guardrails;
        if (response.Buffered is not { } answer)
        {
            // A stream: 246 set as it starts; output guardrails judge the assembled text once it has ended.
            return new GuardedStreamResponse(response, this, run, guarded, warned, options.Value.MaxStreamCaptureBytes);
        }

        var original = ResponseTexts.Extract(answer.Body);
        if (original is null)
        {
            // Not a JSON object (nothing to read or to add hook_results to): only the status can say a guardrail warned.
            return warned ? Rewritten(run, response, Copy(answer.Body), GuardrailStatus.Warned, answer) : response;
        }

        IReadOnlyList<string> texts = original;
        List<string>? denied = null;
        foreach (var guardrail in guarded)
        {
            var input = Input(run, null, texts, answer.Body);
            if (guardrail.Async)
            {
                state.Track(RecordAsync(state, guardrail, GuardrailActions.OutputHook, Detached(input)));
                continue;
            }

            var (result, redacted) = await EvaluateAsync(guardrail, GuardrailActions.OutputHook, input, recordOnly: false, cancellationToken);
            state.Record(result);
            texts = redacted ?? texts;
            if (!result.Verdict)
            {
                if (guardrail.Deny)
                {
                    (denied ??= []).Add(guardrail.Label);
                }
                else
                {
                    warned = true;
                }
            }
        }

        if (denied is not null)
        {
            // The answer is withheld: it was paid for, so its usage is kept for the usage event.
            run.WithheldUsage = answer.Usage;
            response.Dispose();
            return GatewayError.GuardrailDenied(denied, state.Snapshot());
        }

        var changed = !ReferenceEquals(texts, original);
        if (!changed && !warned)
        {
            return response;
        }

        // hook_results go with every rewritten answer (redacted or warned); the status says whether anything failed.
        var body = ResponseTexts.Rewrite(answer.Body, changed ? texts : null, state.Snapshot());
        return Rewritten(run, response, body, warned ? GuardrailStatus.Warned : response.StatusCode, answer);
    }

    /// <summary>
    /// A non-streamed answer as guardrails left it (redacted texts and/or <c>hook_results</c>; 246 when one failed without deny).
    /// The original stays alive until the request ends (it may hold an upstream connection).
    /// </summary>
    private static BufferedResponse Rewritten(RouteRun run, ProviderResponse original, PooledBuffer body, int statusCode, BufferedAnswer answer)
    {
        run.DisposeWithResponse(original);
        return new BufferedResponse(statusCode, answer.ContentType, body, answer.Usage);
    }

    /// <summary>A stream's output guardrails, on its assembled text once it has ended: recorded only, off the request path.</summary>
    public async Task RecordStreamOutputAsync(RouteRun run, CompiledGuardrail[] guardrails, List<string> texts)
    {
        var state = run.Guardrails;
        var input = Detached(Input(run, null, texts, default));
        await Task.Yield();
        foreach (var guardrail in guardrails)
        {
            var (result, _) = await EvaluateAsync(guardrail, GuardrailActions.OutputHook, input, recordOnly: true, CancellationToken.None);
            state.Record(result);
        }
    }

    private static CheckInput Input(RouteRun run, ProviderRequest? request, IReadOnlyList<string> texts, ReadOnlyMemory<byte> output) => new()
    {
        Texts = texts,
        Model = request?.Target.Model ?? run.Target?.Model ?? run.Request.Model,
        Metadata = run.Metadata,
        IsOutput = request is null,
        RequestJson = run.Request.Body,
        ResponseJson = output,
        Redaction = run.Guardrails.Redaction,
    };

    private async Task RecordAsync(GuardrailRun state, CompiledGuardrail guardrail, string hook, CheckInput input)
    {
        // Off the request path: the caller goes on at once.
        await Task.Yield();
        var (result, _) = await EvaluateAsync(guardrail, hook, input, recordOnly: true, CancellationToken.None);
        state.Record(result);
    }

    /// <summary>
    /// The input with its bodies copied: they live in pooled buffers that go back to the pool when the request ends, and a
    /// check run off the request path (a webhook) may still read them after that.
    /// </summary>
    private static CheckInput Detached(CheckInput input) => new()
    {
        Texts = input.Texts,
        Model = input.Model,
        Metadata = input.Metadata,
        IsOutput = input.IsOutput,
        RequestJson = input.RequestJson.ToArray(),
        ResponseJson = input.ResponseJson.ToArray(),
        Redaction = input.Redaction,
    };

    /// <summary>
    /// One guardrail: its checks in order (each sees the texts as the previous ones left them), its verdict (all passed) and
    /// action. A check that throws counts as failed, with the exception's type as its explanation (never its message: it
    /// could quote the text).
    /// </summary>
    private async ValueTask<(HookResult Result, IReadOnlyList<string>? Redacted)> EvaluateAsync(
        CompiledGuardrail guardrail, string hook, CheckInput input, bool recordOnly, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var checks = new GuardrailCheckVerdict[guardrail.Checks.Length];
        var verdict = true;
        IReadOnlyList<string>? redacted = null;
        for (var i = 0; i < checks.Length; i++)
        {
            var check = guardrail.Checks[i];
            var checkStarted = Stopwatch.GetTimestamp();
            CheckOutcome outcome;
            try
            {
                outcome = await check.EvaluateAsync(input, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Checks report their own failures (a webhook's timeout is a verdict); this is a bug, so it is logged.
                GuardrailLog.CheckFailed(logger, check.Id, guardrail.Label, ex.GetType().Name);
                outcome = new CheckOutcome(false, $"The check could not run ({ex.GetType().Name}).");
            }

            var applied = outcome.RedactedTexts is { } replaced && !recordOnly && !guardrail.Async && replaced.Count == input.Texts.Count;
            checks[i] = new GuardrailCheckVerdict(check.Id, outcome.Verdict, outcome.Explanation, Stopwatch.GetElapsedTime(checkStarted).TotalMilliseconds, applied);
            verdict &= outcome.Verdict;
            if (applied)
            {
                redacted = outcome.RedactedTexts;
                input = new CheckInput
                {
                    Texts = redacted!,
                    Model = input.Model,
                    Metadata = input.Metadata,
                    IsOutput = input.IsOutput,
                    RequestJson = input.RequestJson,
                    ResponseJson = input.ResponseJson,
                    Redaction = input.Redaction,
                };
            }
        }

        var action = (recordOnly || guardrail.Async) ? GuardrailActions.Recorded
            : !verdict ? (guardrail.Deny ? GuardrailActions.Denied : GuardrailActions.Warned)
            : redacted is not null ? GuardrailActions.Redacted
            : GuardrailActions.Passed;
        var result = new HookResult(hook, guardrail, verdict, redacted is not null, Stopwatch.GetElapsedTime(started).TotalMilliseconds, checks, action);
        return (result, redacted);
    }

    private static Providers.Http.PooledBuffer Copy(ReadOnlyMemory<byte> bytes)
    {
        var copy = new Providers.Http.PooledBuffer(bytes.Length);
        copy.Write(bytes.Span);
        return copy;
    }

    private static CompiledGuardrail[] Concat(CompiledGuardrail[] first, CompiledGuardrail[] second) =>
        first.Length == 0 ? second : second.Length == 0 ? first : [.. first, .. second];
}
