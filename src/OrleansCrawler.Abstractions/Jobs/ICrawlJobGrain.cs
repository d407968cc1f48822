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
}
