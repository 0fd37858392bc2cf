namespace LogIngestor.Schema;

/// <summary>Set once the analytics schema is migrated; read by the readiness check.</summary>
internal sealed class SchemaReadiness
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;
}
