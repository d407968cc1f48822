namespace OrleansCrawler.Core.Ports;

/// <summary>Opens a job's archive on this silo (one WARC writer per job and silo).</summary>
public interface IExchangeRecorderFactory
{
    /// <param name="jobId">The job, part of every file name.</param>
    /// <param name="directory">The job's WARC folder as the job gives it (a silo may root a relative one elsewhere).</param>
    /// <param name="rotateBytes">Start a new file once one reaches this size.</param>
    IExchangeRecorder Open(string jobId, string directory, long rotateBytes);
}
