namespace DataPlane.Snapshots;

/// <summary>Holds the current snapshot in one reference that is swapped whole; readers never lock.</summary>
internal sealed class SnapshotStore
{
    private volatile RuntimeSnapshot? _current;

    public RuntimeSnapshot? Current => _current;

    public void Swap(RuntimeSnapshot snapshot) => _current = snapshot;
}
