using System.Runtime.InteropServices;

namespace OrleansCrawler.Bench.Throughput.Processes;

/// <summary>The CPU (user + system) of every child process this process has reaped so far: getrusage(RUSAGE_CHILDREN).
/// The harness runs one crawler at a time, so the difference around one crawler's launch and exit is that crawler's
/// exact CPU from launch to exit, shutdown included, which polling /proc cannot see once the process is gone. The
/// long-lived test web (or nginx) is reaped only at the end, so it is never in the difference.</summary>
public static partial class ReapedChildrenCpu
{
    private const int RusageChildren = -1;

    /// <summary>Null where getrusage is not available (not Linux).</summary>
    public static TimeSpan? Now()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        return GetRusage(RusageChildren, out var usage) == 0
            ? TimeSpan.FromTicks(((usage.UserSeconds + usage.SystemSeconds) * 1_000_000 + usage.UserMicroseconds + usage.SystemMicroseconds) * 10)
            : null;
    }

    [LibraryImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static partial int GetRusage(int who, out Rusage usage);

    /// <summary>struct rusage on 64-bit Linux: two timevals, then 14 longs.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        public long MaxRss;
        public long IxRss;
        public long IdRss;
        public long IsRss;
        public long MinFlt;
        public long MajFlt;
        public long NSwap;
        public long InBlock;
        public long OuBlock;
        public long MsgSnd;
        public long MsgRcv;
        public long NSignals;
        public long NVcsw;
        public long NIvcsw;
    }
}
