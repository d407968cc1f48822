using Microsoft.Data.Sqlite;

namespace OrleansCrawler.Infrastructure.Storage;

/// <summary>Opens every SQLite connection of the stores one at a time. Microsoft.Data.Sqlite's pool can lend one native
/// connection to two owners when two opens race (dotnet/efcore#39008, open, reproduced on 10.0.11): the second owner's
/// <c>BEGIN</c> then fails with "SQL logic error" (cannot start a transaction within a transaction). It happened here
/// when a job's 64 partitions activated at once, each loading its frontier on a connection of its own, and the embedded
/// run died (a fresh-clone CI run of 9233db6; 64 loads at once, 3,000 times over, did not reproduce it here, so no test
/// shows this gate is needed: the library issue's own repro needed up to 30,000 rounds). An open from the pool takes
/// microseconds, so one at a time costs nothing measurable.</summary>
internal static class SqliteOpen
{
    private static readonly Lock Gate = new();

    public static void Open(SqliteConnection connection)
    {
        lock (Gate)
        {
            connection.Open();
        }
    }

    /// <summary>As <see cref="Open"/>: Microsoft.Data.Sqlite opens synchronously whatever the method.</summary>
    public static Task OpenAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Open(connection);
        return Task.CompletedTask;
    }
}
