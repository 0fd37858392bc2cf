using System.Diagnostics.CodeAnalysis;

namespace ControlPlane.AdminConsole.Api;

/// <summary>The admin API's answer: a value, or the problem it reported.</summary>
public readonly record struct ApiResult<T>(T? Value, ApiProblem? Problem)
{
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Ok => Problem is null;
}
