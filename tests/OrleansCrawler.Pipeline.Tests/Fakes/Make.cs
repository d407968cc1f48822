using OrleansCrawler.Core.Crawling;
using OrleansCrawler.Core.Politeness;
using OrleansCrawler.Core.Urls;
using OrleansCrawler.Pipeline.Jobs;
using OrleansCrawler.Pipeline.Stages;

namespace OrleansCrawler.Pipeline.Tests.Fakes;

/// <summary>Small builders for the tests.</summary>
internal static class Make
{
    public static FrontierEntry Entry(string url, int depth = 0, int attempt = 0) => new(url, HostPartitioner.AuthorityOf(url), depth, attempt);

    public static UrlContext Url(string url, int attempt = 0, HostPoliteness? host = null) =>
        new(Entry(url, attempt: attempt), host ?? new HostPoliteness(TimeSpan.Zero, TimeSpan.FromSeconds(30)));

    public static JobRuntime Job(JobSettings settings, string jobId = "job") => new(jobId, settings);

    public static JobRuntime Job(params string[] seeds) => new("job", new JobSettings { Seeds = seeds });
}
