using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ControlPlane.Catalog;

internal static class DbErrors
{
    /// <summary>A unique index refused the row: a concurrent create won the race for the slug.</summary>
    public static bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>Saves; false when a unique index refused the change (the caller answers 409).</summary>
    public static async Task<bool> TrySaveUniqueAsync(this CatalogDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            return false;
        }
    }
}
