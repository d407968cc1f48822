using System.Diagnostics;
using System.Globalization;

namespace OrleansCrawler.Bench.Measurement;

/// <summary>CPU time and peak resident memory of other processes (the silos), read while they run.</summary>
/// <remarks>CPU is <see cref="Process.TotalProcessorTime"/> (utime + stime of /proc/PID/stat) at the end minus
/// at the start. The peak is VmHWM of /proc/PID/status, reset at the start by writing "5" to
/// /proc/PID/clear_refs (Linux 4.0+, allowed for our own children) so that it covers the run only.</remarks>
public sealed class ChildProcessMeter
{
    private readonly IReadOnlyList<int> _pids;
    private readonly TimeSpan[] _cpuAtStart;
    private readonly bool _peakReset;

    private ChildProcessMeter(IReadOnlyList<int> pids, TimeSpan[] cpuAtStart, bool peakReset)
    {
        _pids = pids;
        _cpuAtStart = cpuAtStart;
        _peakReset = peakReset;
    }

    public static ChildProcessMeter Start(IReadOnlyList<int> pids)
    {
        var reset = pids.All(TryResetPeak);
        return new ChildProcessMeter(pids, [.. pids.Select(Cpu)], reset);
    }

    /// <summary>Summed over the processes: CPU since <see cref="Start"/>, and peak resident memory.</summary>
    public (TimeSpan Cpu, long PeakBytes, bool PeakIsPerRun) Stop()
    {
        var cpu = TimeSpan.Zero;
        long peak = 0;
        for (var i = 0; i < _pids.Count; i++)
        {
            cpu += Cpu(_pids[i]) - _cpuAtStart[i];
            peak += PeakResidentBytes(_pids[i]);
        }

        return (cpu, peak, _peakReset);
    }

    public static TimeSpan Cpu(int pid)
    {
        using var process = Process.GetProcessById(pid);
        return process.TotalProcessorTime;
    }

    /// <summary>VmHWM of /proc/PID/status; elsewhere the process's peak working set.</summary>
    public static long PeakResidentBytes(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kb = line["VmHWM:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                    return long.Parse(kb, NumberStyles.None, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }

        using var process = Process.GetProcessById(pid);
        return process.PeakWorkingSet64;
    }

    private static bool TryResetPeak(int pid)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
