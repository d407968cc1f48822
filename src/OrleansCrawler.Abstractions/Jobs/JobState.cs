namespace OrleansCrawler.Abstractions.Jobs;

[GenerateSerializer, Alias("OrleansCrawler.JobState")]
public enum JobState
{
    NotFound = 0,
    Running = 1,
    Completed = 2,
    Cancelled = 3,
    Paused = 4,
}
