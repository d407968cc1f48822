namespace OrleansCrawler.Pipeline.Ports;

/// <summary>A link on its way to its partition: the normalized URL, its depth, the traceparent of the span that found
/// it (when tracing), and the fingerprint the page pipeline computed for the job's routed-link filter.</summary>
public readonly record struct RoutedLink(string Url, int Depth, string? TraceParent, ulong Fingerprint);
