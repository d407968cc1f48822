namespace OrleansCrawler.Abstractions.Jobs;

/// <summary>One crawl job, keyed by its job id: holds the spec, sums the partitions' counters and decides
/// when the job is complete.</summary>
[Alias("OrleansCrawler.ICrawlJobGrain")]
public interface ICrawlJobGrain : IGrainWithStringKey
{
    /// <summary>Starts the job: hands the spec and the seeds to the partitions and returns at once.</summary>
    [Alias("Start")]
    Task<JobStatus> StartAsync(JobSpec spec);

    [Alias("GetStatus")]
    Task<JobStatus> GetStatusAsync();

    [Alias("Cancel")]
    Task<JobStatus> CancelAsync();

    /// <summary>Stops starting fetches (in-flight ones finish); the frontier is kept.</summary>
    [Alias("Pause")]
    Task<JobStatus> PauseAsync();

    [Alias("Resume")]
    Task<JobStatus> ResumeAsync();

    /// <summary>Grants up to <paramref name="wanted"/> fetches of the job's page budget (all of them when the
    /// job has no page limit); 0 once the budget is spent or the job is over.</summary>
    [Alias("AcquireBudget")]
    Task<int> AcquireBudgetAsync(int wanted);

    /// <summary>Partition <paramref name="partition"/> went idle with <paramref name="accepted"/> URLs accepted: the job
    /// looks at once (a wave of status calls) when every partition may now be idle, rather than at its next poll.
    /// One-way: the partition does not wait. A hint only chooses when to look; completion is decided by the waves.</summary>
    [Alias("PartitionIdle"), Orleans.Concurrency.OneWay]
    Task PartitionIdleAsync(int partition, long accepted);

    /// <summary>The field names of the job's <c>--extract</c> rules, in rule order (empty without rules, or no such job).</summary>
    [Alias("FieldNames")]
    Task<System.Collections.Immutable.ImmutableArray<string>> FieldNamesAsync();

    /// <summary>The job's spec as submitted (null: no such job). For the web console's job page and jobs list.</summary>
    [Alias("GetSpec")]
    Task<JobSpec?> GetSpecAsync();
}
