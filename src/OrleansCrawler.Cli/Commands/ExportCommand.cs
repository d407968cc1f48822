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

        /// <summary>The link graph as CSV (<c>--links</c> crawls).</summary>
        Links,

        /// <summary>The link graph as JSON Lines.</summary>
        LinksJsonl,

        /// <summary>The job's WARC files (<c>--warc</c> crawls): copied to a folder, or one combined file.</summary>
        Warc,
    }

    public static Command Create()
    {
        var job = new Argument<string?>("JOB") { Description = "The job id (see ocrawl jobs); with --data, the folder's own crawl by default", Arity = ArgumentArity.ZeroOrOne };
        var data = new Option<DirectoryInfo?>("--data") { Description = "Read the data folder of an embedded crawl (ocrawl run --data DIR) instead of a cluster" };
        var format = new Option<ExportFormat>("--format")
        {
            Description = "jsonl or csv (results); links or links-jsonl (the link graph of a --links crawl)",
            DefaultValueFactory = _ => ExportFormat.Jsonl,
            CustomParser = r => ParseFormat(r),
        };
        var output = new Option<FileInfo?>("--out") { Description = "Write to this file (default: standard output); for warc, a folder (ending in /) gets the files themselves" };
        var warc = new Option<string?>("--warc") { Description = "For --format warc: the folder holding the job's WARC files (default: the one it was crawled with)" };
        var onlyFields = new Option<bool>("--only-fields") { Description = "jsonl or csv: only pages with extracted fields (a crawl with --extract)" };
        var noDuplicates = new Option<bool>("--no-duplicates") { Description = "Leave out the results of pages found to be duplicates (--dedup crawls)" };
        var command = new Command("export", "Stream a job's results from a cluster's results store or an embedded crawl's data folder")
        {
            job, data, format, output, warc, noDuplicates, onlyFields,
        };
        return JobCommands.WithCluster(command,
            action: async (result, connection, ct) => result.GetValue(format) == ExportFormat.Warc
                ? await ExportWarcAsync(result.GetValue(warc), null, result.GetValue(job), result.GetValue(output), ct)
                : await ExportAsync(new ClusterExportSource(connection), result.GetValue(job), result.GetValue(format), result.GetValue(output), ct,
                    result.GetValue(noDuplicates), result.GetValue(onlyFields)),
            local: (result, ct) => result.GetValue(data) is { } folder
                ? ExportFromFolderAsync(folder, result.GetValue(job), result.GetValue(format), result.GetValue(output), ct, result.GetValue(warc),
                    result.GetValue(noDuplicates), result.GetValue(onlyFields))
                : null);
    }

    private static ExportFormat ParseFormat(System.CommandLine.Parsing.ArgumentResult result)
    {
        var value = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
        switch (value.ToLowerInvariant())
        {
            case "jsonl": return ExportFormat.Jsonl;
            case "csv": return ExportFormat.Csv;
            case "links": return ExportFormat.Links;
            case "links-jsonl": return ExportFormat.LinksJsonl;
            case "warc": return ExportFormat.Warc;
            default:
                result.AddError($"--format: '{value}' is not one of jsonl, csv, links, links-jsonl, warc.");
                return ExportFormat.Jsonl;
        }
    }

    private static async Task<int> ExportFromFolderAsync(DirectoryInfo folder, string? jobId, ExportFormat format, FileInfo? output, CancellationToken ct,
        string? warc = null, bool noDuplicates = false, bool onlyFields = false)
    {
        await using var source = DataFolderExportSource.Open(folder.FullName);
        return format == ExportFormat.Warc
            ? await ExportWarcAsync(warc, source, jobId ?? source.DefaultJob, output, ct)
            : await ExportAsync(source, jobId, format, output, ct, noDuplicates, onlyFields);
    }

    private static async Task<int> ExportWarcAsync(string? warc, DataFolderExportSource? source, string? jobId, FileInfo? output, CancellationToken ct)
    {
        if (jobId is null)
        {
            Console.Error.WriteLine("error: name the job to export (ocrawl jobs lists them).");
            return ExitCodes.BadInput;
        }

        // FileInfo drops a trailing slash from its name: the original text tells a folder from a file.
        return await WarcExport.RunAsync(warc, source, jobId, output?.ToString(), ct);
    }

    private static async Task<int> ExportAsync(IExportSource source, string? jobId, ExportFormat format, FileInfo? output, CancellationToken ct,
        bool noDuplicates = false, bool onlyFields = false)
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

        var links = format is ExportFormat.Links or ExportFormat.LinksJsonl ? source.LinksAsync(jobId, ct) : null;
        if (links is not null && !await links.AnyAsync(ct))
        {
            Console.Error.WriteLine($"error: no link graph stored for job '{jobId}' in {source.Name}: it was crawled without --links (or found no HTML page).");
            return ExitCodes.BadInput;
        }

        var results = noDuplicates ? source.ResultsAsync(jobId, ct).Where(r => r.DuplicateOf is null) : source.ResultsAsync(jobId, ct);
        await using var stream = output is null ? Console.OpenStandardOutput() : File.Create(output.FullName);
        var written = format switch
        {
            ExportFormat.Csv => await CsvResultWriter.WriteAsync(results, stream, ct, source.FieldsAsync(jobId, ct),
                await source.FieldNamesAsync(jobId, ct), onlyFields),
            ExportFormat.Links => await LinkGraphWriter.WriteCsvAsync(links!, stream, ct),
            ExportFormat.LinksJsonl => await LinkGraphWriter.WriteJsonlAsync(links!, stream, ct),
            _ => await JsonlResultWriter.WriteAsync(results, stream, ct, source.ContentAsync(jobId, ct), source.FieldsAsync(jobId, ct), onlyFields),
        };
        var what = links is null ? "results" : "links";
        Console.Error.WriteLine($"Exported {written:N0} {what} of {jobId}{(output is null ? "" : " to " + output.FullName)}");
        return ExitCodes.Ok;
    }
}
