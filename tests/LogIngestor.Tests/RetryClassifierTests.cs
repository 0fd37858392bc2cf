using System.Text.Json;
using LogIngestor.Ingestion;
using Npgsql;

namespace LogIngestor.Tests;

public sealed class RetryClassifierTests
{
    private static PostgresException Postgres(string sqlState) => new("message", "ERROR", "ERROR", sqlState);

    [Theory]
    [InlineData(PostgresErrorCodes.InvalidTextRepresentation)]
    [InlineData(PostgresErrorCodes.NumericValueOutOfRange)]
    [InlineData(PostgresErrorCodes.UntranslatableCharacter)]
    [InlineData(PostgresErrorCodes.NotNullViolation)]
    public void IsPermanent_DataTheDatabaseRefuses_GoesToTheErrorQueueWithoutRetries(string sqlState)
    {
        Assert.True(RetryClassifier.IsPermanent(Postgres(sqlState)));
    }

    [Theory]
    [InlineData(PostgresErrorCodes.DeadlockDetected)]
    [InlineData(PostgresErrorCodes.SerializationFailure)]
    [InlineData(PostgresErrorCodes.AdminShutdown)]
    [InlineData(PostgresErrorCodes.CannotConnectNow)]
    [InlineData(PostgresErrorCodes.TooManyConnections)]
    [InlineData(PostgresErrorCodes.CheckViolation)] // no partition for the row: re-ensured on the retry
    [InlineData(PostgresErrorCodes.UniqueViolation)]
    [InlineData(PostgresErrorCodes.LockNotAvailable)]
    [InlineData(PostgresErrorCodes.UndefinedTable)]
    public void IsPermanent_TransientOrRecoverableDatabaseErrors_AreRetried(string sqlState)
    {
        Assert.False(RetryClassifier.IsPermanent(Postgres(sqlState)));
    }

    [Fact]
    public void IsPermanent_ConnectionFailuresAndTimeouts_AreRetried()
    {
        Assert.False(RetryClassifier.IsPermanent(new NpgsqlException("connection refused", new System.Net.Sockets.SocketException())));
        Assert.False(RetryClassifier.IsPermanent(new TimeoutException()));
    }

    [Fact]
    public void IsPermanent_UnreadableMessages_GoToTheErrorQueueWithoutRetries()
    {
        Assert.True(RetryClassifier.IsPermanent(new JsonException("bad")));
        Assert.True(RetryClassifier.IsPermanent(new System.Runtime.Serialization.SerializationException("bad envelope")));
    }
}
