namespace OrleansCrawler.Core.Ports;

/// <summary>One HTTP request and its response as the fetcher saw them, for an archive (WARC). The memory is the
/// fetcher's: valid only until the <see cref="IExchangeRecorder.RecordAsync"/> call it was passed to completes.</summary>
/// <param name="TargetUri">The URL requested (one redirect hop, a robots.txt, or a page).</param>
/// <param name="Date">When the request started.</param>
/// <param name="IpAddress">The address of the server connected to, when known.</param>
/// <param name="RequestHead">The request line and headers as sent, ending with the empty line.</param>
/// <param name="ResponseHead">The status line and headers as received, ending with the empty line.</param>
/// <param name="Payload">The body as received: transfer coding undone, content coding (gzip, br) as sent (in memory,
/// or recorded as it arrived with the part past a bound on disk).</param>
/// <param name="Truncated">Why the payload is not the whole body ("length": not read, e.g. a redirect's), else null.</param>
public sealed record HttpExchange(
    Uri TargetUri,
    DateTimeOffset Date,
    string? IpAddress,
    ReadOnlyMemory<byte> RequestHead,
    ReadOnlyMemory<byte> ResponseHead,
    ExchangePayload Payload,
    string? Truncated = null);
