using System.Text.Json;
using OrleansCrawler.Cli.Commands;
using OrleansCrawler.Infrastructure.Warc;

namespace OrleansCrawler.Cli.Export;

/// <summary><c>ocrawl export --format warc</c>: a job's WARC files (<c>ocrawl-{job}-*.warc.gz</c>) copied into a folder
/// (<c>--out DIR/</c> or an existing folder), or concatenated into one file (<c>--out FILE</c>, or standard output):
/// every record is its own gzip member, so the concatenation is itself a valid <c>.warc.gz</c>. The folder is the
/// export's <c>--warc DIR</c>, else the one the job was crawled with (read from the data folder's job record).
/// Files still being written are copied up to their last complete record.</summary>
public static class WarcExport
{
    public static async Task<int> RunAsync(string? warcFolder, DataFolderExportSource? data, string jobId, string? output, CancellationToken ct)
    {
        var folder = warcFolder ?? (data is null ? null : await data.WarcDirectoryAsync(jobId, ct));
        if (folder is null)
        {
            Console.Error.WriteLine($"error: no WARC folder for job '{jobId}': it was crawled without --warc (or give the folder with --warc DIR).");
            return ExitCodes.BadInput;
        }

        var jobPrefix = WarcWriter.JobPrefixOf(jobId);
        var files = Directory.Exists(folder) ? Directory.EnumerateFiles(folder, jobPrefix + "*.warc.gz").Order(StringComparer.Ordinal).ToList() : [];
        if (files.Count == 0)
        {
            Console.Error.WriteLine($"error: no WARC files of job '{jobId}' in {folder}.");
            return ExitCodes.BadInput;
        }

        if (output is not null && (Directory.Exists(output) || output.EndsWith('/')))
        {
            Directory.CreateDirectory(output);
            foreach (var file in files)
            {
                await CopyCompleteAsync(file, Path.Combine(output, Path.GetFileName(file)), ct);
            }

            Console.Error.WriteLine($"Exported {files.Count:N0} WARC files of {jobId} to {Path.GetFullPath(output)}");
            return ExitCodes.Ok;
        }

        await using (var stream = output is null ? Console.OpenStandardOutput() : File.Create(output))
        {
            foreach (var file in files)
            {
                await CopyCompleteAsync(file, stream, ct);
            }
        }

        Console.Error.WriteLine($"Exported {files.Count:N0} WARC files of {jobId} as one{(output is null ? "" : " to " + Path.GetFullPath(output))}");
        return ExitCodes.Ok;
    }

    private static async Task CopyCompleteAsync(string file, string target, CancellationToken ct)
    {
        await using var stream = File.Create(target);
        await CopyCompleteAsync(file, stream, ct);
    }

    /// <summary>Copies the file up to the end of its last complete record (a live or crashed writer's tail is left out).</summary>
    private static async Task CopyCompleteAsync(string file, Stream target, CancellationToken ct)
    {
        await using var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var valid = WarcFileScanner.Scan(source).ValidLength;
        source.Position = 0;
        var buffer = new byte[81920];
        for (var left = valid; left > 0;)
        {
            var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), ct);
            if (read == 0)
            {
                break;
            }

            await target.WriteAsync(buffer.AsMemory(0, read), ct);
            left -= read;
        }
    }

    /// <summary>The job's <c>warcDirectory</c> from its stored spec (JSON, web casing).</summary>
    public static string? WarcDirectoryOf(string? specJson) =>
        specJson is null ? null
        : JsonDocument.Parse(specJson).RootElement.TryGetProperty("warcDirectory", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
