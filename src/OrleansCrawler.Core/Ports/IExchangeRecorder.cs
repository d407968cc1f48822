namespace OrleansCrawler.Core.Ports;

/// <summary>Archives HTTP exchanges (the WARC writer). A fetcher that records hands over every exchange it completes
/// (pages, robots.txt, each redirect hop) and returns only once the recorder's task has completed, that is once the
/// records are durable, so a URL is never settled before its records are written.</summary>
public interface IExchangeRecorder
{
    /// <summary>Completes when the exchange is written and flushed; throws when it could not be (the fetch then throws
    /// too, and the crawler puts the URL back like any failure of its own machinery).</summary>
    Task RecordAsync(HttpExchange exchange, CancellationToken cancellationToken = default);
}
