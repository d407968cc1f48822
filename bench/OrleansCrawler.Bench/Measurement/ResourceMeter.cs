using System.Diagnostics;

namespace OrleansCrawler.Bench.Measurement;

/// <summary>Wall time, CPU time and peak working set of this process over one run.</summary>
/// <remarks>The peak working set is a process-lifetime high-water mark (VmHWM on Linux). Writing "5" to
/// /proc/self/clear_refs resets it (Linux 4.0+), so each run gets its own peak; where that is not possible the
/// value is the lifetime peak and <see cref="ResourceUsage.PeakIsPerRun"/> says so.</remarks>
public sealed class ResourceMeter
{
    private readonly Stopwatch _clock;
    private readonly TimeSpan _cpuAtStart;
    private readonly bool _peakReset;

    private ResourceMeter(TimeSpan cpuAtStart, bool peakReset)
    {
        _cpuAtStart = cpuAtStart;
        _peakReset = peakReset;
        _clock = Stopwatch.StartNew();
    }

    public static ResourceMeter Start()
    {
        // Garbage from the previous run must not count against this one.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var reset = TryResetPeak();
        using var self = Process.GetCurrentProcess();
        return new ResourceMeter(self.TotalProcessorTime, reset);
    }

    public ResourceUsage Stop()
    {
        var wall = _clock.Elapsed;
        using var self = Process.GetCurrentProcess();
        return new ResourceUsage(wall, self.TotalProcessorTime - _cpuAtStart, self.PeakWorkingSet64, _peakReset);
    }

    private static bool TryResetPeak()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
