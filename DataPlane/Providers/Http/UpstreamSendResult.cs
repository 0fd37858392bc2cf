using DataPlane.Errors;

namespace DataPlane.Providers.Http;

/// <summary>An upstream call with its headers read (any status), or why there is none (502/504).</summary>
internal readonly record struct UpstreamSendResult(UpstreamCall? Call, GatewayError? Error);
