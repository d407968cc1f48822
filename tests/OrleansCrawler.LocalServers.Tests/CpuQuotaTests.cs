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

    /// <summary>A small machine owns its processors: with a rival group of 8 times the default weight keeping the same
    /// processor busy, a loop in a 0.3 quota still gets about 0.3. At the default weight it would get about a ninth of
    /// that processor (1024 against 8192), which is what this test saw before groups got the largest weight. Everything is
    /// pinned to processor 0, so the rest of the host keeps its other processors.</summary>
    [Fact]
    public async Task BusyLoop_InAQuota_KeepsItsShare_WhenARivalGroupOfHigherWeightKeepsTheProcessorBusy()
    {
        using var quota = Create(0.3);
        using var rival = CpuQuota.TryCreateReserve($"ocrawl-test-rival-{Guid.NewGuid():N}", out var why) ?? throw new InvalidOperationException(why);
        File.WriteAllText(Path.Combine(rival.Path, rival.IsV2 ? "cpu.weight" : "cpu.shares"), rival.IsV2 ? "800" : "8192");
        string[] loop = ["-c", "0", "/bin/sh", "-c", "while :; do :; done"];
        using (var rival1 = ChildProcess.Start("rival1", "taskset", loop, quota: rival))
        using (var rival2 = ChildProcess.Start("rival2", "taskset", loop, quota: rival))
        using (var confined = ChildProcess.Start("confined", "taskset", loop, quota: quota))
        {
            await Task.Delay(300);
            Assert.Contains(confined.Id, quota.Processes);
            Assert.Equal(2, rival.Processes.Count);
            using var process = Process.GetProcessById(confined.Id);
            var cpuBefore = process.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(2));
            process.Refresh();
            var share = (process.TotalProcessorTime - cpuBefore) / wall.Elapsed;

            Assert.InRange(share, 0.24, 0.36);
        }

        Assert.Empty(rival.Processes);
    }

    [Fact]
    public async Task Reserve_HasNoCap_AndAProcessCanJoinAndLeaveIt()
    {
        using var reserve = CpuQuota.TryCreateReserve($"ocrawl-test-reserve-{Guid.NewGuid():N}", out var why) ?? throw new InvalidOperationException(why);
        Assert.Equal(0, reserve.Cpus);
        var cap = reserve.IsV2
            ? File.ReadAllText(Path.Combine(reserve.Path, "cpu.max")).Trim()
            : File.ReadAllText(Path.Combine(reserve.Path, "cpu.cfs_quota_us")).Trim();
        Assert.StartsWith(reserve.IsV2 ? "max" : "-1", cap, StringComparison.Ordinal);

        using var sleeper = ChildProcess.Start("sleeper", "sleep", ["30"]);
        await Task.Delay(100);
        reserve.Join(sleeper.Id);
        Assert.Contains(sleeper.Id, reserve.Processes);
        reserve.Leave(sleeper.Id);
        Assert.DoesNotContain(sleeper.Id, reserve.Processes);
    }
}
