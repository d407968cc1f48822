namespace OrleansCrawler.Bench.Processes;

/// <summary>What a worker process did and used, printed as its last stdout line (JSON after
/// <see cref="Prefix"/>): a process measures itself, since its parent cannot read an exited child's counters.</summary>
public sealed record WorkerReport(long Fetched, long RobotsDenied, long Bytes, int Primes, double CpuSeconds, long PeakWorkingSetBytes)
{
    public const string Prefix = "WORKER-REPORT ";
}
