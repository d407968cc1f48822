using System.CommandLine;
using OrleansCrawler.Cli.Export;
using OrleansCrawler.Infrastructure.Export;

namespace OrleansCrawler.Cli.Commands;

/// <summary><c>ocrawl export [JOB] [--data DIR] --format F</c>: a job's results, from an embedded crawl's data folder
/// (<c>--data</c>, the job of that crawl by default) or from a cluster.</summary>
public static class ExportCommand
{
    public enum ExportFormat
    {
        Jsonl,
        Csv,
    }

    public static Command Create()
    {
        var job = new Argument<string?>("JOB") { Description = "The job id (see ocrawl jobs); with --data, the folder's own crawl by default", Arity = ArgumentArity.ZeroOrOne };
        var data = new Option<DirectoryInfo?>("--data") { Description = "Read the data folder of an embedded crawl (ocrawl run --data DIR) instead of a cluster" };
        var format = new Option<ExportFormat>("--format") { Description = "jsonl or csv", DefaultValueFactory = _ => ExportFormat.Jsonl };
        var output = new Option<FileInfo?>("--out") { Description = "Write to this file (default: standard output)" };
        var command = new Command("export", "Stream a job's results from a cluster's results store or an embedded crawl's data folder") { job, data, format, output };
        return JobCommands.WithCluster(command,
            action: async (result, connection, ct) => await ExportAsync(new ClusterExportSource(connection), result.GetValue(job), result.GetValue(format), result.GetValue(output), ct),
            local: (result, ct) => result.GetValue(data) is { } folder
                ? ExportFromFolderAsync(folder, result.GetValue(job), result.GetValue(format), result.GetValue(output), ct)
                : null);
    }

    private static async Task<int> ExportFromFolderAsync(DirectoryInfo folder, string? jobId, ExportFormat format, FileInfo? output, CancellationToken ct)
    {
        await using var source = DataFolderExportSource.Open(folder.FullName);
        return await ExportAsync(source, jobId, format, output, ct);
    }

    private static async Task<int> ExportAsync(IExportSource source, string? jobId, ExportFormat format, FileInfo? output, CancellationToken ct)
    {
        jobId ??= source.DefaultJob;
        if (jobId is null)
        {
            Console.Error.WriteLine("error: name the job to export (ocrawl jobs lists them).");
            return ExitCodes.BadInput;
        }

        if (!await source.HasJobAsync(jobId, ct))
        {
            Console.Error.WriteLine($"error: no job '{jobId}' in {source.Name}.");
            return ExitCodes.BadInput;
        }

        await using var stream = output is null ? Console.OpenStandardOutput() : File.Create(output.FullName);
        var records = source.ResultsAsync(jobId, ct);
        var written = format switch
        {
            ExportFormat.Csv => await CsvResultWriter.WriteAsync(records, stream, ct),
            _ => await JsonlResultWriter.WriteAsync(records, stream, ct),
        };
        Console.Error.WriteLine($"Exported {written:N0} results of {jobId}{(output is null ? "" : " to " + output.FullName)}");
        return ExitCodes.Ok;
    }
}
