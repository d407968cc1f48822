namespace OrleansCrawler.Core.Crawling;

/// <summary>The kind of error a fetch ended in, for "errors by kind" counts: the fetcher's error prefix
/// ("timeout", "connect", "too-large", ...) or "http-NNN" for 4xx/5xx responses; null when it went well.</summary>
public static class ErrorKind
{
    public static string? Of(int status, string? error)
    {
        if (error is not null)
        {
            // A trap refusal counts by its rule ("trap: path-variants (...)" → "trap/path-variants"), so the run's
            // summary says how many URLs each rule refused.
            if (error.StartsWith("trap: ", StringComparison.Ordinal))
            {
                var rule = error.AsSpan(6);
                var end = rule.IndexOfAny(' ', '(');
                return "trap/" + (end < 0 ? rule : rule[..end]).ToString();
            }

            var colon = error.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 ? error[..colon] : error;
        }

        return status >= 400 ? $"http-{status}" : null;
    }
}
