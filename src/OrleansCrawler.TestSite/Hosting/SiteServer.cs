using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.ObjectPool;
using OrleansCrawler.TestSite.Graph;
using OrleansCrawler.TestSite.Rendering;

namespace OrleansCrawler.TestSite.Hosting;

/// <summary>
/// Answers requests for every host of the web: finds the host from the connection's local
/// endpoint (<see cref="HostListeners"/>), adds latency, serves the resource and records the request.
/// </summary>
internal sealed partial class SiteServer
{
    private const string HtmlType = "text/html; charset=utf-8";

    private readonly SiteGraph _graph;
    private readonly PageRenderer _renderer;
    private readonly TimeSpan _latency;
    private readonly RequestLog _log;
    private readonly HostListeners _listeners;
    private readonly int[] _inFlight;
    private readonly byte[][] _robots;
    private readonly ObjectPool<RenderScratch> _scratch =
        new DefaultObjectPool<RenderScratch>(new DefaultPooledObjectPolicy<RenderScratch>(), 256);

    public SiteServer(SiteGraph graph, TimeSpan latency, RequestLog log, IReadOnlyList<IPEndPoint> endpoints, HostFault?[] faults)
    {
        _faults = faults;
        _faultCounts = new int[faults.Length];
        _graph = graph;
        _renderer = new PageRenderer(graph);
        _latency = latency;
        _log = log;
        _listeners = new HostListeners(endpoints);
        _inFlight = new int[endpoints.Count];
        _robots = [.. graph.Authorities.Select(a => System.Text.Encoding.ASCII.GetBytes(RobotsRules.Render(a)))];
    }

    public async Task HandleAsync(HttpContext context)
    {
        var time = DateTimeOffset.UtcNow;
        var connection = context.Connection;
        if (!_listeners.TryFind(connection.LocalIpAddress, connection.LocalPort, out int host))
        {
            context.Response.StatusCode = StatusCodes.Status421MisdirectedRequest;
            return;
        }

        int concurrent = Interlocked.Increment(ref _inFlight[host]);
        int released = 0;
        // A request stops counting as in flight when it ends or when its client goes away, whichever comes first
        // (a handler may go on sleeping or writing for a moment after the client gave up on it).
        using var abort = context.RequestAborted.Register(() =>
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                Interlocked.Decrement(ref _inFlight[host]);
            }
        });
        try
        {
            if (_latency > TimeSpan.Zero)
            {
                await AddLatencyAsync(context.RequestAborted);
            }

            await ServeAsync(context, host);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        finally
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                Interlocked.Decrement(ref _inFlight[host]);
            }

            string target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
            _log.Add(new RequestLogEntry(time, _graph.Authorities[host], target, context.Response.StatusCode, concurrent, DateTimeOffset.UtcNow - time));
        }
    }

    private Task ServeAsync(HttpContext context, int host)
    {
        var request = context.Request;
        var response = context.Response;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = "GET, HEAD";
            return Task.CompletedTask;
        }

        if (Volatile.Read(ref _faults[host]) is { Mode: not FaultMode.None } fault && TryServeFault(context, host, fault) is { } faulted)
        {
            return faulted;
        }

        var (resource, number) = SiteRoute.Resolve(_graph, host, request.Path.Value ?? "/");
        return resource switch
        {
            SiteResource.Page => ServePageAsync(context, host, number),
            SiteResource.Robots => WriteAsync(context, StatusCodes.Status200OK, "text/plain; charset=utf-8", _robots[host]),
            SiteResource.Sitemap => ServeSitemapAsync(context, host),
            SiteResource.Image => WriteAsync(context, StatusCodes.Status200OK, "image/png", StaticAssets.Png),
            SiteResource.Pdf => WriteAsync(context, StatusCodes.Status200OK, "application/pdf", StaticAssets.Pdf),
            _ => ServeNotFoundAsync(context),
        };
    }

    private async Task ServePageAsync(HttpContext context, int host, int page)
    {
        var scratch = _scratch.Get();
        try
        {
            _renderer.RenderPage(host, page, scratch);
            await WriteAsync(context, StatusCodes.Status200OK, HtmlType, scratch.Output.WrittenMemory);
        }
        finally
        {
            _scratch.Return(scratch);
        }
    }

    private async Task ServeNotFoundAsync(HttpContext context)
    {
        var scratch = _scratch.Get();
        try
        {
            PageRenderer.RenderNotFound(scratch.Output);
            await WriteAsync(context, StatusCodes.Status404NotFound, HtmlType, scratch.Output.WrittenMemory);
        }
        finally
        {
            _scratch.Return(scratch);
        }
    }

    /// <summary>Lists the host's pages that robots.txt allows and some page links to, in chunks.</summary>
    private async Task ServeSitemapAsync(HttpContext context, int host)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/xml; charset=utf-8";
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        var scratch = _scratch.Get();
        try
        {
            var o = scratch.Output;
            o.Clear();
            o.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
            string authority = _graph.Authorities[host];
            for (int page = 0, count = _graph.PageCount(host); page < count; page++)
            {
                int length = _graph.WritePagePath(host, page, scratch.Path);
                if (_graph.IsOrphan(host, page) || !RobotsRules.IsAllowed(scratch.Path.AsSpan(0, length)))
                {
                    continue;
                }

                o.Append("<url><loc>http://");
                o.Append(authority);
                o.Append(scratch.Path.AsSpan(0, length));
                o.Append("</loc></url>\n");
                if (o.Length > 32 * 1024)
                {
                    await response.Body.WriteAsync(o.WrittenMemory, context.RequestAborted);
                    o.Clear();
                }
            }

            o.Append("</urlset>\n");
            await response.Body.WriteAsync(o.WrittenMemory, context.RequestAborted);
        }
        finally
        {
            _scratch.Return(scratch);
        }
    }

    private static Task WriteAsync(HttpContext context, int status, string contentType, ReadOnlyMemory<byte> body)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        return HttpMethods.IsHead(context.Request.Method)
            ? Task.CompletedTask
            : response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    /// <summary>Waits the added latency: at least that long, as a <see cref="Stopwatch"/> measures it. A timer can
    /// fire up to a millisecond early (it counts whole ticks of the system clock), so the rest is waited again.</summary>
    private async Task AddLatencyAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        for (var left = _latency; left > TimeSpan.Zero; left = _latency - Stopwatch.GetElapsedTime(started))
        {
            await Task.Delay(left < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : left, cancellationToken);
        }
    }
}
