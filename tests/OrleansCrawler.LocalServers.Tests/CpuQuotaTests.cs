using System.Diagnostics;

namespace OrleansCrawler.LocalServers.Tests;

/// <summary>The quota is real: a process started in it runs inside the group, and a busy loop there gets about its share
/// of a processor and is throttled. Needs root and a cgroup cpu controller (CI runs as root); without them the test
/// fails and says why.</summary>
public sealed class CpuQuotaTests
{
    private static CpuQuota Create(double cpus) =>
        CpuQuota.TryCreate($"ocrawl-test-{Guid.NewGuid():N}", cpus, out var why) ?? throw new InvalidOperationException($"no CPU quota here: {why}");

    [Fact]
    public async Task BusyLoop_InAQuotaOfAFifthOfAProcessor_GetsAboutItsShare_AndIsThrottled()
    {
        using var quota = Create(0.2);
        using (var loop = ChildProcess.Start("busy", "/bin/sh", ["-c", "while :; do :; done"], quota: quota))
        {
            await Task.Delay(200); // the shell has joined the group and exec'd itself
            Assert.Contains(loop.Id, quota.Processes);
            var throttledBefore = quota.ReadThrottling();
            using var process = Process.GetProcessById(loop.Id);
            var cpuBefore = process.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(2));
            process.Refresh();
            var share = (process.TotalProcessorTime - cpuBefore) / wall.Elapsed;
            var throttled = quota.ReadThrottling() - throttledBefore;

            // An unconfined busy loop takes a whole processor when it can; in the group it cannot take more than 0.2
            // (a period's rounding and the 20 ms accounting tick allow a little over).
            Assert.InRange(share, 0.0, 0.26);
            Assert.True(throttled.ThrottledPeriods > 0, $"never throttled in {throttled.Periods} periods");
        }

        Assert.Empty(quota.Processes);
    }

    [Fact]
    public void QuotaOfMoreThanTheProcessors_IsWrittenAsAsked()
    {
        using var quota = Create(2.5);

        var written = quota.IsV2
            ? File.ReadAllText(Path.Combine(quota.Path, "cpu.max")).Trim()
            : File.ReadAllText(Path.Combine(quota.Path, "cpu.cfs_quota_us")).Trim();

        Assert.StartsWith("250000", written, StringComparison.Ordinal);
    }
}
