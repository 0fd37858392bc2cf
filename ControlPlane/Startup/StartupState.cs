namespace ControlPlane.Startup;

/// <summary>Flips once the catalog is migrated, seeded and the first snapshot was attempted.</summary>
internal sealed class StartupState
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;
}
