using System.Diagnostics;
using System.Text.Json;

namespace OrleansCrawler.Cli.Tests;

/// <summary>Reads .warc.gz files with warcio 2.4.11 (npm, an independent WARC reader) through tests/js/check-warc.mjs
/// on Node. Installs the fixture's locked packages (npm ci) when node_modules is missing; without node the test fails
/// saying so (CI installs it in .ci/run).</summary>
public static class WarcReader
{
    public sealed record Result(Dictionary<string, int> Counts, List<string> Errors, List<JsonElement> Records, string Raw);

    private static readonly SemaphoreSlim Install = new(1, 1);

    public static string FixtureDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var js = Path.Combine(dir.FullName, "tests", "js");
                if (File.Exists(Path.Combine(js, "check-warc.mjs")))
                {
                    return js;
                }
            }

            throw new InvalidOperationException($"tests/js/check-warc.mjs not found above {AppContext.BaseDirectory}");
        }
    }

    public static async Task<Result> ReadAsync(IEnumerable<string> files)
    {
        var js = FixtureDirectory;
        await Install.WaitAsync();
        try
        {
            if (!Directory.Exists(Path.Combine(js, "node_modules", "warcio")))
            {
                var (code, output) = await RunAsync("npm", js, "ci", "--no-audit", "--no-fund");
                Assert.True(code == 0, $"npm ci in {js} failed (exit {code}):\n{output}");
            }
        }
        finally
        {
            Install.Release();
        }

        var (exit, stdout) = await RunAsync("node", js, ["check-warc.mjs", .. files]);
        var line = stdout.Split('\n').LastOrDefault(l => l.StartsWith('{')) ?? throw new InvalidOperationException($"check-warc.mjs printed no summary (exit {exit}):\n{stdout}");
        var root = JsonDocument.Parse(line).RootElement;
        var counts = root.GetProperty("counts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        var errors = root.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.True(exit == 0 || errors.Count > 0, $"check-warc.mjs exit {exit} without errors:\n{stdout}");
        return new Result(counts, errors, [.. root.GetProperty("records").EnumerateArray()], line);
    }

    private static async Task<(int Code, string Output)> RunAsync(string program, string directory, params string[] args)
    {
        var info = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        args.ToList().ForEach(info.ArgumentList.Add);
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"'{program}' is required to read WARC files with warcio (install Node.js 20 and npm): {ex.Message}", ex);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await stdout + await stderr);
        }
    }
}
