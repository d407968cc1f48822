using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace OrleansCrawler.Bench.Throughput;

/// <summary>The machine a run was measured on, and how loaded it was (the cores are shared).</summary>
public sealed record MachineInfo(int Cores, string Cpu, string Os, string Runtime, string Configuration, string Commit, string LoadAtStart)
{
    public string LoadAtEnd { get; init; } = "";

    public static MachineInfo Capture() => new(Environment.ProcessorCount, CpuModel(), RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription, Processes.Ocrawl.Configuration, GitCommit(), LoadAverage());

    public string Describe() => $"{Cores} cores ({Cpu}), {Os}, {Runtime}, {Configuration}, commit {Commit}, load {LoadAtStart}";

    /// <summary>The 1, 5 and 15 minute load averages of /proc/loadavg.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static string GitCommit()
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", ["rev-parse", "--short", "HEAD"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = AppContext.BaseDirectory,
            });
            if (git is null)
            {
                return "?";
            }

            var commit = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? commit : "?";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }

    public override string ToString() => Describe();

    internal static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
