using OrleansCrawler.Abstractions.Parsing;
using OrleansCrawler.Pipeline.Pages;

namespace OrleansCrawler.Grains.Parsing;

/// <summary>Maps a page between the pipeline's <see cref="FetchedPage"/> and the wire's <see cref="PageFetched"/>.</summary>
public static class PageFetchedMapper
{
    public static PageFetched ToMessage(FetchedPage p) =>
        new(p.JobId, p.Url, p.FinalUrl, p.Depth, p.Status, p.ContentType, p.Bytes, p.FetchedAt, p.Error, p.Html, p.RobotsTag, p.RedirectTo);

    public static FetchedPage ToPage(PageFetched m) =>
        new(m.JobId, m.Url, m.FinalUrl, m.Depth, m.Status, m.ContentType, m.Bytes, m.FetchedAt, m.Error, m.Html, m.RobotsTag, m.RedirectTo);
}
