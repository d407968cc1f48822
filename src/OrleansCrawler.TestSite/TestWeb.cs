using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using OrleansCrawler.TestSite.Graph;
using OrleansCrawler.TestSite.Hosting;

namespace OrleansCrawler.TestSite;

/// <summary>
/// A deterministic synthetic web on loopback: <see cref="TestWebOptions.Hosts"/> hosts, each its
/// own authority (own port, or own 127.0.0.x address), serving generated pages, robots.txt,
/// sitemap.xml, images and PDFs. <see cref="ComputeTruth"/> gives the set of pages a correct
/// crawler finds from <see cref="Seeds"/>.
/// </summary>
public sealed class TestWeb : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SiteGraph _graph;
    private readonly SiteServer _server;
    private readonly Lock _stopLock = new();
    private Task? _stopping;

    private TestWeb(TestWebOptions options, WebApplication app, SiteGraph graph, SiteServer server, RequestLog log)
    {
        _server = server;
        Options = options;
        _app = app;
        _graph = graph;
        RequestLog = log;
        Pages = new TestWebPages(graph);
        Authorities = graph.Authorities;
        Seeds = [.. graph.Authorities.Select(a => $"http://{a}/")];
    }

    public TestWebOptions Options { get; }

    /// <summary>One root URL per host, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public IReadOnlyList<string> Seeds { get; }

    /// <summary>One authority per host, e.g. <c>127.0.0.1:41234</c>, in host order.</summary>
    public IReadOnlyList<string> Authorities { get; }

    public RequestLog RequestLog { get; }

    /// <summary>The web's pages as its generator has them (HTML, article truth), by the web's real authorities.</summary>
    public TestWebPages Pages { get; }

    public static async Task<TestWeb> StartAsync(TestWebOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var listeners = new List<ListenOptions>(options.Hosts);
        SiteServer? server = null;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(TestWeb).Assembly.GetName().Name,
        });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            for (int host = 0; host < options.Hosts; host++)
            {
                var address = options.DistinctIps ? new IPAddress([127, 0, 0, (byte)(host + 2)]) : options.BindAddress;
                kestrel.Listen(address, options.BasePort == 0 ? 0 : options.BasePort + host, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                    listeners.Add(listen);
                });
            }
        });
        builder.Services.AddSingleton<IHostLifetime, PassiveHostLifetime>();
        var app = builder.Build();

        // Ports are known only once Kestrel has bound them; until then there is nothing to serve.
        app.Run(context => Volatile.Read(ref server) is { } s
            ? s.HandleAsync(context)
            : WriteUnavailable(context));

        var log = new RequestLog(options.RequestLogPath);
        try
        {
            await app.StartAsync(cancellationToken);
            var endpoints = listeners.Select(l => l.IPEndPoint
                ?? throw new InvalidOperationException("Kestrel did not report a bound endpoint.")).ToList();
            var graph = new SiteGraph(options.Seed, options.Pages, [.. endpoints.Select(ep => $"{options.HostName?.ToLowerInvariant() ?? ep.Address.ToString()}:{ep.Port}")], options.ArticlePercent)
            {
                ProductPercent = options.ProductPercent,
                DuplicatePercent = options.DuplicatePercent,
            };
            var faults = new HostFault?[options.Hosts];
            foreach (var (host, fault) in options.Faults)
            {
                faults[host] = fault;
            }

            var ready = new SiteServer(graph, options.Latency, log, endpoints, faults);
            Volatile.Write(ref server, ready);
            return new TestWeb(options, app, graph, ready, log);
        }
        catch
        {
            await app.DisposeAsync();
            await log.CompleteAsync();
            throw;
        }
    }

    /// <summary>
    /// Every HTML page URL reachable from <see cref="Seeds"/> by links and allowed by robots.txt, in
    /// normalized form (lower-case scheme and host, explicit port, no fragment), sorted ordinally.
    /// Computed from the web's own graph model, independent of any crawler code. Faults in force count:
    /// pages a fault destroys (timeouts, cut or huge bodies, bombs, binary, loops, 500 forever, robots.txt
    /// 5xx or timeout) are not in it and their links are not followed; a cross-host redirect leads to the
    /// same path on the next host; robots.txt 404 allows every page of its host. The truth assumes the
    /// crawler's limits are below the fault (timeouts shorter than the delay, body limit below 16 MiB) and
    /// that retries outlast bursts. Trap pages (calendar, endless paths) are never in the truth.
    /// </summary>
    public IReadOnlyList<string> ComputeTruth() => _graph.ComputeTruth(_server.FaultOf);

    /// <summary>The web's link graph from its own model, for the pages given (e.g. the truth): each page's distinct http link
    /// targets in normalized form, a same-document link being the page itself. For a web without faults.</summary>
    public IReadOnlyList<(string From, string To)> ComputeLinkGraph(IReadOnlyCollection<string> pages) => SiteLinkGraph.Compute(_graph, pages);

    /// <summary>URLs of host <paramref name="host"/>'s pages that page-level faults affect (page % 10 == 3) and
    /// robots.txt allows, orphans included.</summary>
    public IReadOnlyList<string> AffectedPageUrls(int host) =>
        [.. Enumerable.Range(1, _graph.PageCount(host))
            .Where(p => p < _graph.PageCount(host) && HostFault.IsAffectedPage(p) && RobotsRules.IsAllowed(_graph.PagePath(host, p)))
            .Select(p => _graph.PageUrl(host, p))];

    /// <summary>Switches host <paramref name="host"/>'s fault (null: none) while serving.</summary>
    public void SetFault(int host, HostFault? fault)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(host);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(host, Authorities.Count);
        _server.SetFault(host, fault);
    }

    /// <summary>Whether this web's robots.txt lets every crawler fetch a request target such as
    /// <c>/private/p7.html</c> (percent-escapes of unreserved characters decoded first), by the web's own matcher.</summary>
    public static bool IsAllowedByRobots(string pathAndQuery)
    {
        var path = pathAndQuery.Split('?', 2)[0];
        return RobotsRules.IsAllowed(Uri.UnescapeDataString(path));
    }

    /// <summary>Stops serving and writes the rest of the request log file. Safe to call more than once.</summary>
    public Task StopAsync()
    {
        lock (_stopLock)
        {
            return _stopping ??= StopCoreAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StopCoreAsync()
    {
        try
        {
            await _app.StopAsync();
        }
        finally
        {
            await _app.DisposeAsync();
            await RequestLog.CompleteAsync();
        }
    }

    private static Task WriteUnavailable(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return Task.CompletedTask;
    }
}
