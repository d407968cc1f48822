using System.Globalization;

namespace OrleansCrawler.LocalServers;

/// <summary>A small "machine" on this one: a Linux control group whose processes together get at most
/// <see cref="Cpus"/> processors (a CFS quota: <c>cpu.cfs_quota_us</c> over <c>cpu.cfs_period_us</c> in the cgroup v1 cpu
/// controller, or <c>cpu.max</c> in cgroup v2). Processes are started inside it (<see cref="Wrap"/>), so they never run
/// unconfined; their threads and children stay in it. Needs root (or a delegated cgroup). Dispose removes the group
/// once its processes have exited.
/// <para>A quota only caps. A small machine also owns its processors: other work on this host (a build, a test run)
/// must not take them. So every group also gets the largest scheduler weight (<c>cpu.shares</c> 262144 in v1,
/// <c>cpu.weight</c> 10000 in v2): while it wants CPU, it gets its quota first and the rest of the host the remainder.
/// <see cref="TryCreateReserve"/> makes such a group with no cap, for the lab's own process (the test web, Redis,
/// PostgreSQL), so that what the machines talk to is not starved either.</para></summary>
public sealed class CpuQuota : IDisposable
{
    /// <summary>The scheduler period the quota is a share of (the kernel's default).</summary>
    public const int PeriodMicroseconds = 100_000;

    /// <summary>The largest scheduler weight of a cgroup v1 <c>cpu.shares</c> (the default is 1024).</summary>
    public const int V1MaxShares = 262_144;

    /// <summary>The largest cgroup v2 <c>cpu.weight</c> (the default is 100).</summary>
    public const int V2MaxWeight = 10_000;

    private const string V1Root = "/sys/fs/cgroup/cpu";
    private const string V2Root = "/sys/fs/cgroup";

    private CpuQuota(string path, double cpus, bool v2) => (Path, Cpus, IsV2) = (path, cpus, v2);

    /// <summary>The group's folder.</summary>
    public string Path { get; }

    /// <summary>Processors the group may use; 0 for a reserve (no cap).</summary>
    public double Cpus { get; }

    public bool IsV2 { get; }

    /// <summary>Makes a group named <paramref name="name"/> limited to <paramref name="cpus"/> processors; on failure returns
    /// null and says why in <paramref name="reason"/> (not Linux, not root, no cpu controller, a write refused).</summary>
    public static CpuQuota? TryCreate(string name, double cpus, out string? reason)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cpus);
        return TryMake(name, cpus, out reason);
    }

    /// <summary>Makes a group named <paramref name="name"/> with no CPU cap but the largest weight: processes that
    /// <see cref="Join"/> it are served before the rest of the host (see the class summary). Null with a reason on failure.</summary>
    public static CpuQuota? TryCreateReserve(string name, out string? reason) => TryMake(name, cpus: 0, out reason);

    /// <summary>Moves a running process (all its threads) into the group; its later children start in it too.</summary>
    public void Join(int processId) =>
        File.WriteAllText(System.IO.Path.Combine(Path, "cgroup.procs"), processId.ToString(CultureInfo.InvariantCulture));

    /// <summary>Moves a process that <see cref="Join"/>ed back to the root group, so that the group can be removed.</summary>
    public void Leave(int processId) =>
        File.WriteAllText(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, "cgroup.procs"), processId.ToString(CultureInfo.InvariantCulture));

    /// <summary>cpus = 0: no cap (a reserve).</summary>
    private static CpuQuota? TryMake(string name, double cpus, out string? reason)
    {
        reason = null;
        if (!OperatingSystem.IsLinux())
        {
            reason = "CPU quotas need Linux control groups";
            return null;
        }

        var quota = cpus > 0 ? (long)Math.Round(cpus * PeriodMicroseconds) : -1;
        try
        {
            if (File.Exists(System.IO.Path.Combine(V1Root, "cpu.cfs_quota_us")))
            {
                var path = System.IO.Path.Combine(V1Root, name);
                Directory.CreateDirectory(path);
                File.WriteAllText(System.IO.Path.Combine(path, "cpu.cfs_period_us"), PeriodMicroseconds.ToString(CultureInfo.InvariantCulture));
                File.WriteAllText(System.IO.Path.Combine(path, "cpu.cfs_quota_us"), quota.ToString(CultureInfo.InvariantCulture));
                File.WriteAllText(System.IO.Path.Combine(path, "cpu.shares"), V1MaxShares.ToString(CultureInfo.InvariantCulture));
                return new CpuQuota(path, cpus, v2: false);
            }

            if (File.Exists(System.IO.Path.Combine(V2Root, "cgroup.controllers"))
                && File.ReadAllText(System.IO.Path.Combine(V2Root, "cgroup.controllers")).Split(' ', '\n').Contains("cpu"))
            {
                File.WriteAllText(System.IO.Path.Combine(V2Root, "cgroup.subtree_control"), "+cpu");
                var path = System.IO.Path.Combine(V2Root, name);
                Directory.CreateDirectory(path);
                File.WriteAllText(System.IO.Path.Combine(path, "cpu.max"),
                    quota > 0 ? string.Create(CultureInfo.InvariantCulture, $"{quota} {PeriodMicroseconds}") : $"max {PeriodMicroseconds}");
                File.WriteAllText(System.IO.Path.Combine(path, "cpu.weight"), V2MaxWeight.ToString(CultureInfo.InvariantCulture));
                return new CpuQuota(path, cpus, v2: true);
            }

            reason = $"no cgroup cpu controller ({V1Root}/cpu.cfs_quota_us and {V2Root}/cgroup.controllers with cpu both missing)";
            return null;
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            reason = $"cannot write a cgroup ({ex.Message}; quotas need root or a delegated cgroup)";
            return null;
        }
    }

    /// <summary>The command that runs <paramref name="fileName"/> with <paramref name="args"/> inside this group: a shell
    /// that joins the group and then execs it, so the process (same pid) starts confined.</summary>
    public (string FileName, IReadOnlyList<string> Args) Wrap(string fileName, IEnumerable<string> args) =>
        ("/bin/sh", ["-c", $"echo $$ > '{System.IO.Path.Combine(Path, "cgroup.procs")}' && exec \"$0\" \"$@\"", fileName, .. args]);

    /// <summary>The process ids in the group now.</summary>
    public IReadOnlyList<int> Processes =>
        [.. File.ReadAllLines(System.IO.Path.Combine(Path, "cgroup.procs")).Where(l => l.Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture))];

    /// <summary>How often the quota held the group back: scheduler periods elapsed, periods in which it was throttled, and
    /// the time it was throttled for (cpu.stat). A group throttled in most periods is bound by its quota.</summary>
    public Throttling ReadThrottling()
    {
        long periods = 0, throttled = 0, throttledMicroseconds = 0;
        foreach (var line in File.ReadAllLines(System.IO.Path.Combine(Path, "cpu.stat")))
        {
            var parts = line.Split(' ');
            if (parts.Length != 2 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }

            switch (parts[0])
            {
                case "nr_periods": periods = value; break;
                case "nr_throttled": throttled = value; break;
                case "throttled_time": throttledMicroseconds = value / 1000; break; // v1: nanoseconds
                case "throttled_usec": throttledMicroseconds = value; break; // v2
            }
        }

        return new Throttling(periods, throttled, TimeSpan.FromMicroseconds(throttledMicroseconds));
    }

    /// <summary>Removes the group (it must be empty: stop its processes first). Best effort.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path);
        }
        catch (IOException)
        {
            // Processes still in it, or already gone.
        }
    }

    /// <summary>cpu.stat's counters of throttling, since the group was made.</summary>
    public readonly record struct Throttling(long Periods, long ThrottledPeriods, TimeSpan ThrottledTime)
    {
        public static Throttling operator -(Throttling end, Throttling start) =>
            new(end.Periods - start.Periods, end.ThrottledPeriods - start.ThrottledPeriods, end.ThrottledTime - start.ThrottledTime);

        /// <summary>Share of periods throttled, 0 to 1.</summary>
        public double ThrottledShare => Periods == 0 ? 0 : (double)ThrottledPeriods / Periods;
    }
}
