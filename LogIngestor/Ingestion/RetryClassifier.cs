using System.Text.Json;
using Npgsql;

namespace LogIngestor.Ingestion;

/// <summary>
/// Which failures of a batch are worth the endpoint's retries. A message that can never be written (unreadable,
/// or refused by the database for what it holds) goes to <c>log-ingestor_error</c> at once, with the exception
/// as the reason; everything else (connection lost, deadlock, database restarting, a partition dropped under us)
/// is retried, a bounded number of times.
/// </summary>
internal static class RetryClassifier
{
    public static bool IsPermanent(Exception exception) => exception switch
    {
        System.Runtime.Serialization.SerializationException or JsonException => true,
        PostgresException postgres => IsPermanent(postgres),
        _ => false,
    };

    private static bool IsPermanent(PostgresException exception)
    {
        if (exception.IsTransient)
        {
            return false;
        }

        return exception.SqlState switch
        {
            // "No partition of relation found for row": the writer re-ensures its partitions on the retry.
            PostgresErrorCodes.CheckViolation => false,
            // Another replica created the same partition at the same moment.
            PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable => false,
            _ => exception.SqlState.StartsWith("22", StringComparison.Ordinal) // data exception: a value the column refuses
                || exception.SqlState.StartsWith("23", StringComparison.Ordinal), // integrity constraint violation
        };
    }
}
