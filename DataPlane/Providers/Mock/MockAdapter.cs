using DataPlane.Inference;

namespace DataPlane.Providers.Mock;

/// <summary>The built-in <c>mock</c> kind: answers every chat model locally, deterministically, with real usage.</summary>
internal sealed class MockAdapter(TimeProvider time) : IProviderAdapter
{
    public const string KindName = "mock";

    public string Kind => KindName;

    public InferenceOperation Operations => InferenceOperation.ChatCompletions;

    public ValueTask<ProviderResult> SendAsync(ProviderRequest request, CancellationToken cancellationToken)
    {
        var reply = MockReply.From(request.Request.Body);
        ProviderResult result = new MockResponse(reply, request.Target.Model, request.Request.Stream, request.Request.IncludeUsage, request.StartTimestamp, time);
        return ValueTask.FromResult(result);
    }
}
