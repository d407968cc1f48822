using System.Runtime.CompilerServices;
using System.Text;
using OrleansCrawler.Core.Ports;

namespace OrleansCrawler.Infrastructure.Http;

/// <summary>The request and response heads of one exchange, for a WARC record. HttpClient exposes the parsed message,
/// not its bytes, so the heads are written back from it: the request line, <c>Host</c> and the headers HttpClient sent
/// (its defaults merged in), the status line and the headers as received (names and values as sent, in order).
/// <c>Transfer-Encoding</c> is left out of the response head: the recorded body is already de-chunked, and a reader
/// that saw the header would try to de-chunk it again.</summary>
internal static class ExchangeCapture
{
    /// <summary>Hands one completed exchange to the recorder and waits until it is durable. A recorder's failure is the
    /// crawler's own, not the server's: it is thrown past the fetch's error handling (which would store it as a failed
    /// page) so the crawler puts the URL back and tries again.</summary>
    public static async Task RecordAsync(IExchangeRecorder? recorder, HttpRequestMessage request, HttpResponseMessage response, DateTimeOffset sentAt, StrongBox<string?>? peer,
        ExchangePayload payload, string? truncated)
    {
        if (recorder is null)
        {
            return;
        }

        var exchange = new HttpExchange(request.RequestUri!, sentAt, peer?.Value, ExchangeCapture.RequestHead(request), ExchangeCapture.ResponseHead(response),
            payload, truncated);
        try
        {
            await recorder.RecordAsync(exchange).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not InvalidOperationException)
        {
            throw new InvalidOperationException($"archive: {request.RequestUri} was fetched but not recorded: {ex.Message}", ex);
        }
    }

    public static byte[] RequestHead(HttpRequestMessage request)
    {
        var uri = request.RequestUri!;
        var text = new StringBuilder()
            .Append(request.Method.Method).Append(' ').Append(uri.PathAndQuery).Append(" HTTP/").Append(request.Version.ToString(2)).Append("\r\n")
            .Append("Host: ").Append(uri.Authority).Append("\r\n");
        foreach (var header in request.Headers.NonValidated)
        {
            // One line per header, its values joined as HttpClient writes them (User-Agent's products by spaces).
            if (!header.Key.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                var separator = header.Key.Equals("User-Agent", StringComparison.OrdinalIgnoreCase) ? " " : ", ";
                text.Append(header.Key).Append(": ").Append(string.Join(separator, header.Value)).Append("\r\n");
            }
        }

        return Encoding.Latin1.GetBytes(text.Append("\r\n").ToString());
    }

    public static byte[] ResponseHead(HttpResponseMessage response)
    {
        var text = new StringBuilder()
            .Append("HTTP/").Append(response.Version.ToString(2)).Append(' ').Append((int)response.StatusCode).Append(' ')
            .Append(response.ReasonPhrase ?? string.Empty).Append("\r\n");
        foreach (var header in response.Headers.NonValidated)
        {
            if (!header.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                AppendHeader(text, header.Key, header.Value);
            }
        }

        foreach (var header in response.Content.Headers.NonValidated)
        {
            AppendHeader(text, header.Key, header.Value);
        }

        return Encoding.Latin1.GetBytes(text.Append("\r\n").ToString());
    }

    private static void AppendHeader(StringBuilder text, string name, System.Net.Http.Headers.HeaderStringValues values)
    {
        foreach (var value in values)
        {
            text.Append(name).Append(": ").Append(value.ReplaceLineEndings(" ")).Append("\r\n");
        }
    }
}
