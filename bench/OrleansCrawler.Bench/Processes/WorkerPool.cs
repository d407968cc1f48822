using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace OrleansCrawler.Bench.Processes;

/// <summary>Starts worker processes, waits for all of them and collects their reports.</summary>
public static class WorkerPool
{
    public static async Task<IReadOnlyList<WorkerReport>> RunAsync(WorkerLauncher launcher, IReadOnlyList<IReadOnlyList<string>> workerArguments,
        CancellationToken cancellationToken = default)
    {
        var processes = new List<(Process Process, Task<string> Stdout, Task<string> Stderr)>();
        try
        {
            foreach (var args in workerArguments)
            {
                var process = Process.Start(launcher.CreateStartInfo(args))
                    ?? throw new InvalidOperationException($"Could not start {launcher.FileName}.");
                processes.Add((process, process.StandardOutput.ReadToEndAsync(cancellationToken), process.StandardError.ReadToEndAsync(cancellationToken)));
            }

            var reports = new List<WorkerReport>();
            foreach (var (process, stdout, stderr) in processes)
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                var output = await stdout.ConfigureAwait(false);
                var errors = await stderr.ConfigureAwait(false);
                var line = output.Split('\n').LastOrDefault(l => l.StartsWith(WorkerReport.Prefix, StringComparison.Ordinal));
                if (process.ExitCode != 0 || line is null)
                {
                    throw new InvalidOperationException(new StringBuilder()
                        .Append($"Worker {string.Join(' ', launcher.PrefixArguments)} exited with {process.ExitCode} and no report.")
                        .Append("\nstdout: ").Append(output.Trim()).Append("\nstderr: ").Append(errors.Trim()).ToString());
                }

                reports.Add(JsonSerializer.Deserialize<WorkerReport>(line[WorkerReport.Prefix.Length..])
                    ?? throw new InvalidOperationException("Empty worker report."));
            }

            return reports;
        }
        finally
        {
            foreach (var (process, _, _) in processes)
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                process.Dispose();
            }
        }
    }
}
