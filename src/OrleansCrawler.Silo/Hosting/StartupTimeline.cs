using System.Diagnostics;
using System.Globalization;

namespace OrleansCrawler.Silo.Hosting;

/// <summary>With <c>OCRAWL_TIMELINE=1</c>, writes to standard error how long after the process started each part of a
/// run was reached (runtime start, host build, silo start, job start, completion, shutdown): how docs/benchmarks.md
/// ("Start-up") splits the time of a one-page crawl. Off, it costs one environment read.</summary>
public static class StartupTimeline
{
    public const string Variable = "OCRAWL_TIMELINE";

    private static readonly bool Enabled = Environment.GetEnvironmentVariable(Variable) is "1" or "true";
    private static double _last;

    /// <summary>Writes "timeline +SECONDS (+SINCE_LAST) WHAT" when enabled.</summary>
    public static void Mark(string what)
    {
        if (!Enabled)
        {
            return;
        }

        using var process = Process.GetCurrentProcess();
        var now = (DateTime.Now - process.StartTime).TotalSeconds;
        var cpu = process.TotalProcessorTime.TotalSeconds;
        // Methods compiled by the JIT so far and the time it took: what ReadyToRun saves.
        var jitted = System.Runtime.JitInfo.GetCompiledMethodCount();
        var jitTime = System.Runtime.JitInfo.GetCompilationTime().TotalSeconds;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"timeline {now,7:0.000} s (+{now - _last:0.000}) cpu {cpu:0.000} s jit {jitted,6} methods {jitTime:0.000} s  {what}"));
        _last = now;
    }
}
