using System.Data.Common;
using System.Runtime.CompilerServices;
using OrleansCrawler.Core.Crawling;
using OrleansCrawler.Core.Frontier;

namespace OrleansCrawler.Infrastructure.Storage;

/// <summary>The SQL and row mapping the frontier stores share: both have a <c>frontier</c> table with the same
/// columns and an append-order column <c>seq</c>, and both accept <c>@name</c> parameters.</summary>
internal static class FrontierRows
{
    private const string LoadSql =
        "SELECT url, depth, outcome, bytes, error_kind FROM frontier WHERE job = @job AND partition = @partition ORDER BY seq";

    public const string DeleteSql = "DELETE FROM frontier WHERE job = @job";

    /// <summary>Streams the rows of the job's partition in append order, with <paramref name="command"/> (which the
    /// caller owns, with its connection).</summary>
    public static async IAsyncEnumerable<FrontierRow> LoadAsync(DbCommand command, string jobId, int partition,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        command.CommandText = LoadSql;
        AddParameter(command, "@job", jobId);
        AddParameter(command, "@partition", partition);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new FrontierRow(
                reader.GetString(0),
                reader.GetInt32(1),
                reader.IsDBNull(2) ? null : (CrawlOutcome)reader.GetInt16(2),
                reader.GetInt64(3),
                reader.IsDBNull(4) ? null : reader.GetString(4));
        }
    }

    public static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
