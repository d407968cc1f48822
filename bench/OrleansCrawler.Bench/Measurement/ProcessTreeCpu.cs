using System.Globalization;

namespace OrleansCrawler.Bench.Measurement;

/// <summary>CPU time of a process and all its descendants (a PostgreSQL server and its backends, Redis), from /proc:
/// utime + stime + cutime + cstime of every live process of the tree, so children that already exited count through
/// their parent. Read at the start and the end of a run and subtract.</summary>
public static class ProcessTreeCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>The tree's CPU so far; zero where /proc is not there.</summary>
    public static TimeSpan Of(int rootPid)
    {
        if (!OperatingSystem.IsLinux())
        {
            return TimeSpan.Zero;
        }

        var stats = new Dictionary<int, (int Parent, long Ticks)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && TryRead(pid, out var stat))
            {
                stats[pid] = stat;
            }
        }

        long ticks = 0;
        foreach (var (pid, stat) in stats)
        {
            if (IsInTree(pid, rootPid, stats))
            {
                ticks += stat.Ticks;
            }
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    private static bool IsInTree(int pid, int root, Dictionary<int, (int Parent, long Ticks)> stats)
    {
        for (var hops = 0; hops < 64; hops++)
        {
            if (pid == root)
            {
                return true;
            }

            if (!stats.TryGetValue(pid, out var stat) || stat.Parent <= 1)
            {
                return false;
            }

            pid = stat.Parent;
        }

        return false;
    }

    private static bool TryRead(int pid, out (int Parent, long Ticks) stat)
    {
        stat = default;
        try
        {
            // pid (comm) state ppid ... utime(14) stime(15) cutime(16) cstime(17); comm may hold spaces and parentheses.
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            stat = (int.Parse(fields[1], CultureInfo.InvariantCulture),
                long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)
                + long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture));
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return false; // gone meanwhile
        }
    }
}
