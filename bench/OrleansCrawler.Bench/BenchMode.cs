namespace OrleansCrawler.Bench;

/// <summary>How the work is scheduled. Not every mode applies to every workload (see <see cref="BenchModes"/>).</summary>
public enum BenchMode
{
    Sequential,
    Threads,
    ProducerConsumer,
    ThreadPool,
    Parallel,
    Processes,
    AsyncSingle,
    AsyncPool,
    Orleans,
}
