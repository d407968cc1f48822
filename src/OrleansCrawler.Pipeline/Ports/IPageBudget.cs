namespace OrleansCrawler.Pipeline.Ports;

/// <summary>The job's page budget (<c>--max-pages</c>), shared by all its partitions: the job grain in a silo.</summary>
public interface IPageBudget
{
    /// <summary>Takes up to <paramref name="pages"/> pages of the budget; returns how many were granted (0: spent, or
    /// the job no longer runs).</summary>
    Task<int> AcquireAsync(int pages);
}
