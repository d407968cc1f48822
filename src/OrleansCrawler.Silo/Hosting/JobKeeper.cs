using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Core.Ports;

namespace OrleansCrawler.Silo.Hosting;

/// <summary>Keeps running jobs alive across failures: every few seconds each silo reads the running and paused jobs
/// from the job store and touches their job grains. A job grain whose silo died, or every grain after the whole
/// cluster was stopped and started again, is thereby reactivated; it restarts its partitions, which rebuild their
/// frontiers from the frontier store and go on crawling. Nobody has to be watching the job for it to continue.
/// Off in the embedded crawler, where <c>ocrawl run</c> drives its own job (and an interrupted job in the data
/// folder waits for <c>--resume</c>).</summary>
public sealed partial class JobKeeper(IGrainFactory grains, IJobStore jobs, IHostApplicationLifetime lifetime, TimeProvider time,
    ILogger<JobKeeper> logger) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The silo is up once the host has started every hosted service.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            await TouchRunningJobsAsync(stoppingToken);
            try
            {
                await Task.Delay(Period, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task TouchRunningJobsAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var job in await jobs.ListAsync(cancellationToken))
            {
                if (job.State is nameof(JobState.Running) or nameof(JobState.Paused))
                {
                    await grains.GetGrain<ICrawlJobGrain>(job.JobId).GetStatusAsync();
                }
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // A store or silo that is away: the next round tries again.
            LogTouchFailed(logger, ex);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Touching running jobs failed; trying again in a few seconds")]
    private static partial void LogTouchFailed(ILogger logger, Exception exception);
}
