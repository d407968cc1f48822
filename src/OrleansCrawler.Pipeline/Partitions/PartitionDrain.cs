using Microsoft.Extensions.Logging;

namespace OrleansCrawler.Pipeline.Partitions;

/// <summary>Lets a silo that is stopping gracefully (SIGTERM, <c>docker stop</c>) finish the URLs its partitions are
/// crawling before Orleans deactivates them.
/// <para>This cannot happen in <c>OnDeactivateAsync</c>: Orleans holds every call to a deactivating grain until it has
/// deactivated, and a page a partition is crawling links mostly to its own hosts, so finishing it needs an Enqueue
/// call to that same partition. A partition waiting there for its in-flight URLs waits for calls that cannot arrive,
/// until the deactivation timeout (30 s), which runs into the host's shutdown timeout.</para>
/// <para>So the wait happens one stage earlier, when the silo's Active stage stops and every grain still takes calls
/// (the silo subscribes <see cref="DrainAsync"/> to that stage): workers take no new URL, and the stop waits (at most
/// <see cref="Timeout"/>) until the URLs they hold are settled and durable. Their queues stay in the frontier store and
/// are crawled by the partitions' next activations.</para></summary>
public sealed partial class PartitionDrain(TimeProvider time, ILogger<PartitionDrain> logger)
{
    /// <summary>Longest wait for in-flight URLs; below compose's stop_grace_period (30 s), leaving time to deactivate.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private int _inFlight;
    private volatile bool _draining;

    /// <summary>True once the silo stops: workers take no new URL.</summary>
    public bool IsDraining => _draining;

    /// <summary>URLs taken by this silo's workers and not yet settled durably (or put back).</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    public void Taken() => Interlocked.Increment(ref _inFlight);

    public void Done() => Interlocked.Decrement(ref _inFlight);

    /// <summary>Stops workers from taking URLs and waits until those they hold are settled, at most <see cref="Timeout"/>.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        var started = time.GetTimestamp();
        var holding = InFlight;
        while (InFlight > 0 && time.GetElapsedTime(started) < Timeout && !cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        LogDrained(logger, holding, time.GetElapsedTime(started).TotalSeconds, InFlight);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Stopping: {Holding} URLs were in flight; after {Seconds:0.0} s, {Left} are not settled (their next activation crawls them again)")]
    private static partial void LogDrained(ILogger logger, int holding, double seconds, int left);
}
