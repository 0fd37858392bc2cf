using DataPlane.Inference;
using DataPlane.Routing;

namespace DataPlane.Providers;

/// <summary>One attempt against one target: the client's request (bytes and routing fields) and where it goes.</summary>
/// <param name="StartTimestamp"><see cref="System.Diagnostics.Stopwatch"/> timestamp of the client request, for time to first token.</param>
internal sealed record ProviderRequest(RouteTarget Target, InferenceRequest Request, long StartTimestamp)
{
    public InferenceOperation Operation => Request.Operation;
}
