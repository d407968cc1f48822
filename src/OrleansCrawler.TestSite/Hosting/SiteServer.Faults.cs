using System.Globalization;
using System.Text;

namespace OrleansCrawler.TestSite.Hosting;

/// <summary>Fault injection: what a host answers when a <see cref="HostFault"/> is switched on (see <see cref="FaultMode"/>).</summary>
internal sealed partial class SiteServer
{
    private const string RealRobotsPath = "/robots-real.txt";

    private readonly HostFault?[] _faults;
    private readonly int[] _faultCounts;

    /// <summary>Switches a host's fault (null: none) and restarts its burst count.</summary>
    public void SetFault(int host, HostFault? fault)
    {
        Volatile.Write(ref _faultCounts[host], 0);
        Volatile.Write(ref _faults[host], fault);
    }

    public HostFault? FaultOf(int host) => Volatile.Read(ref _faults[host]);

    /// <summary>The faulty answer to a request, or null when the fault does not touch it.</summary>
    private Task? TryServeFault(HttpContext context, int host, HostFault fault)
    {
        string path = context.Request.Path.Value ?? "/";
        if (path == "/robots.txt")
        {
            return fault.Mode switch
            {
                FaultMode.RobotsNotFound => ServeNotFoundAsync(context),
                FaultMode.RobotsServerError => StatusAsync(context, StatusCodes.Status500InternalServerError),
                FaultMode.RobotsTimeout => DelayThenAsync(context, fault.Delay, () => WriteAsync(context, 200, "text/plain", _robots[host])),
                FaultMode.RobotsHuge => WriteAsync(context, 200, "text/plain; charset=utf-8", FaultBodies.HugeRobots(_robots[host])),
                FaultMode.RobotsMalformed => WriteAsync(context, 200, "text/plain; charset=utf-8", FaultBodies.MalformedRobots(_robots[host])),
                FaultMode.RobotsRedirect => RedirectAsync(context, 301, RealRobotsPath),
                _ => null,
            };
        }

        if (path == RealRobotsPath && fault.Mode == FaultMode.RobotsRedirect)
        {
            return WriteAsync(context, 200, "text/plain; charset=utf-8", _robots[host]);
        }

        if (fault.Mode == FaultMode.CalendarTrap && FaultBodies.TrapPage(path, context.Request.Query) is { } trap)
        {
            return WriteAsync(context, 200, HtmlType, Encoding.ASCII.GetBytes(trap));
        }

        if (fault.Mode == FaultMode.PathCalendar && FaultBodies.PathCalendarPage(path) is { } month)
        {
            return WriteAsync(context, 200, HtmlType, Encoding.ASCII.GetBytes(month));
        }

        switch (fault.Mode)
        {
            case FaultMode.ServerErrorForever:
                return StatusAsync(context, StatusCodes.Status500InternalServerError);
            case FaultMode.ServerErrorBurst or FaultMode.RetryAfterSeconds or FaultMode.RetryAfterDate
                when Interlocked.Increment(ref _faultCounts[host]) <= fault.Count:
                return RetryLaterAsync(context, fault);
        }

        var (resource, page) = SiteRoute.Resolve(_graph, host, path);
        if (resource != SiteResource.Page)
        {
            return null;
        }

        if (fault.Mode == FaultMode.WrongCharset)
        {
            return WritePageAsync(context, host, page, "text/html; charset=x-unknown-charset", null);
        }

        if (page == 0)
        {
            return fault.Mode switch
            {
                FaultMode.CalendarTrap => WritePageAsync(context, host, 0, HtmlType, null,
                    "\n<p><a href=\"/calendar?month=1\">Calendar</a> <a href=\"/trap/x/\">Deeper</a></p>\n"),
                FaultMode.PathCalendar => WritePageAsync(context, host, 0, HtmlType, null,
                    "\n<p><a href=\"/cal/2026/01/\">Calendar</a></p>\n"),
                FaultMode.ForeignLink when fault.Target is not null => WritePageAsync(context, host, 0, HtmlType, null,
                    $"\n<p><a href=\"{fault.Target}\">Elsewhere</a></p>\n"),
                _ => null,
            };
        }

        if (!HostFault.IsAffectedPage(page))
        {
            return null;
        }

        return fault.Mode switch
        {
            FaultMode.SlowResponse => DelayThenAsync(context, fault.Delay, () => ServePageAsync(context, host, page)),
            FaultMode.SlowDrip => DripPageAsync(context, host, page),
            FaultMode.Truncated => TruncatedPageAsync(context, host, page),
            FaultMode.HugePage => HugePageAsync(context),
            FaultMode.GzipBomb => GzipBombAsync(context),
            FaultMode.RedirectChain => RedirectChainAsync(context, host, page),
            FaultMode.RedirectLoop => RedirectAsync(context, 302, context.Request.Query.ContainsKey("loop") ? path : path + "?loop=1"),
            FaultMode.CrossHostRedirect => RedirectAsync(context, 301, fault.Target ?? $"http://{_graph.Authorities[(host + 1) % _graph.HostCount]}{path}"),
            FaultMode.MalformedHtml => WritePageAsync(context, host, page, HtmlType, FaultBodies.MalformedPrefix),
            FaultMode.MissingCharset => WritePageAsync(context, host, page, "text/html", FaultBodies.Latin1Prefix(page)),
            FaultMode.BinaryAsHtml => WriteAsync(context, 200, HtmlType, FaultBodies.Binary),
            _ => null,
        };
    }

    private static Task StatusAsync(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    private static Task RedirectAsync(HttpContext context, int status, string location)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.Location = location;
        context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    private static Task RetryLaterAsync(HttpContext context, HostFault fault)
    {
        var response = context.Response;
        switch (fault.Mode)
        {
            case FaultMode.RetryAfterSeconds:
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                break;
            case FaultMode.RetryAfterDate:
                // Rounded up to the next whole second, so at least RetryAfterSeconds from now.
                var now = DateTimeOffset.UtcNow;
                var date = now.AddTicks(TimeSpan.TicksPerSecond - (now.Ticks % TimeSpan.TicksPerSecond)).AddSeconds(fault.RetryAfterSeconds);
                response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                response.Headers.RetryAfter = date.ToString("r", CultureInfo.InvariantCulture);
                break;
            default:
                response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                break;
        }

        response.ContentLength = 0;
        return Task.CompletedTask;
    }

    private static async Task DelayThenAsync(HttpContext context, TimeSpan delay, Func<Task> then)
    {
        await Task.Delay(delay, context.RequestAborted);
        await then();
    }

    private async Task WritePageAsync(HttpContext context, int host, int page, string contentType, byte[]? prefix, string? suffix = null)
    {
        var scratch = _scratch.Get();
        try
        {
            _renderer.RenderPage(host, page, scratch);
            if (suffix is not null)
            {
                scratch.Output.Append(suffix);
            }

            var body = prefix is null ? scratch.Output.WrittenMemory : (ReadOnlyMemory<byte>)FaultBodies.Concat(prefix, scratch.Output.WrittenSpan);
            await WriteAsync(context, StatusCodes.Status200OK, contentType, body);
        }
        finally
        {
            _scratch.Return(scratch);
        }
    }

    private async Task DripPageAsync(HttpContext context, int host, int page)
    {
        var scratch = _scratch.Get();
        try
        {
            _renderer.RenderPage(host, page, scratch);
            var body = scratch.Output.WrittenMemory;
            var response = context.Response;
            response.StatusCode = 200;
            response.ContentType = HtmlType;
            response.ContentLength = body.Length;
            for (int offset = 0; offset < body.Length; offset += 16)
            {
                await response.Body.WriteAsync(body.Slice(offset, Math.Min(16, body.Length - offset)), context.RequestAborted);
                await response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(100, context.RequestAborted);
            }
        }
        finally
        {
            _scratch.Return(scratch);
        }
    }

    private async Task TruncatedPageAsync(HttpContext context, int host, int page)
    {
        var scratch = _scratch.Get();
        try
        {
            _renderer.RenderPage(host, page, scratch);
            var response = context.Response;
            response.StatusCode = 200;
            response.ContentType = HtmlType;
            response.ContentLength = scratch.Output.Length + 1000;
            await response.Body.WriteAsync(scratch.Output.WrittenMemory, context.RequestAborted);
            await response.Body.FlushAsync(context.RequestAborted);
            // Let the client read what was sent before the reset, so it sees a short body rather than a lost request.
            await Task.Delay(100, context.RequestAborted);
            context.Abort();
        }
        finally
        {
            _scratch.Return(scratch);
        }
    }

    private static async Task HugePageAsync(HttpContext context)
    {
        var chunk = FaultBodies.HugeChunk.Value;
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = HtmlType;
        response.ContentLength = 256L * chunk.Length;
        for (int k = 0; k < 256; k++)
        {
            await response.Body.WriteAsync(chunk, context.RequestAborted);
        }
    }

    private static Task GzipBombAsync(HttpContext context)
    {
        context.Response.Headers.ContentEncoding = "gzip";
        return WriteAsync(context, 200, HtmlType, FaultBodies.GzipBomb.Value);
    }

    private Task RedirectChainAsync(HttpContext context, int host, int page)
    {
        var path = context.Request.Path.Value ?? "/";
        int hop = int.TryParse(context.Request.Query["hop"], NumberStyles.None, CultureInfo.InvariantCulture, out int h) ? h : 0;
        return hop < 3
            ? RedirectAsync(context, hop % 2 == 0 ? 302 : 307, $"{path}?hop={hop + 1}")
            : ServePageAsync(context, host, page);
    }
}
