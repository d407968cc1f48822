namespace OrleansCrawler.WebConsole.Api;

/// <summary>One event of a job's live stream (<c>GET /api/jobs/{id}/events</c>): the job, and pages and errors per
/// second since the previous event (what the job page's chart draws).</summary>
public sealed record JobSample(DateTimeOffset At, JobView Job, double PagesPerSecond, double ErrorsPerSecond);
