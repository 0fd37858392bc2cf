namespace ControlPlane.Tests.Governance;

/// <summary>A ControlPlane whose Redis is unreachable.</summary>
public sealed class RedisDownHost : GovernanceHost
{
    protected override bool RedisDown => true;
}
