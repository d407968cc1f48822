using System.Collections.Concurrent;
using System.Net;
using System.Text;
using OrleansCrawler.Silo.Hosting;

namespace OrleansCrawler.Grains.Tests;

/// <summary>A tiny loopback HTTP server (HttpListener) answering crafted responses per path, for what the synthetic
/// test web does not serve (robots.txt failing, directive-laden pages). Records the paths requested.</summary>
public sealed class TinyWeb : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, Func<TinyResponse>> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentQueue<(string Path, DateTimeOffset Time)> _timed = new();
    private readonly Task _loop;

    public TinyWeb()
    {
        var port = FreePort.Next();
        Root = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Root + "/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>"http://127.0.0.1:port", no trailing slash.</summary>
    public string Root { get; }

    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>Each request's path and arrival time, in arrival order.</summary>
    public IReadOnlyList<(string Path, DateTimeOffset Time)> TimedRequests => [.. _timed];

    public int CountOf(string path) => _requests.Count(p => p == path);

    public TinyWeb Map(string path, Func<TinyResponse> response)
    {
        _routes[path] = response;
        return this;
    }

    public TinyWeb Map(string path, TinyResponse response) => Map(path, () => response);

    public TinyWeb Html(string path, string body, string? robotsTag = null) =>
        Map(path, new TinyResponse(200, "text/html; charset=utf-8", body) { RobotsTag = robotsTag });

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var path = context.Request.Url!.PathAndQuery;
        _requests.Enqueue(path);
        _timed.Enqueue((path, DateTimeOffset.UtcNow));
        var response = _routes.TryGetValue(path, out var route) ? route() : new TinyResponse(404, "text/plain", "not found");
        if (response.Delay > TimeSpan.Zero)
        {
            await Task.Delay(response.Delay);
        }

        try
        {
            context.Response.StatusCode = response.Status;
            context.Response.ContentType = response.ContentType;
            if (response.RobotsTag is not null)
            {
                context.Response.Headers["X-Robots-Tag"] = response.RobotsTag;
            }

            var bytes = response.Bytes ?? Encoding.UTF8.GetBytes(response.Body);
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (HttpListenerException)
        {
            // The client went away.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}

/// <summary>One crafted answer of <see cref="TinyWeb"/>.</summary>
public sealed record TinyResponse(int Status, string ContentType, string Body)
{
    public TimeSpan Delay { get; init; }

    public string? RobotsTag { get; init; }

    public byte[]? Bytes { get; init; }
}
