using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using OrleansCrawler.Bench.Cluster;

namespace OrleansCrawler.Bench.Throughput.Processes;

/// <summary>A static copy of the test web served by Debian's nginx (<c>--nginx</c>, issue 16), so that what the web
/// costs to serve is nginx's, not the in-repo ASP.NET server's. The live web is started on known ports, every file a
/// crawler can fetch is downloaded from it (robots.txt, the sitemap, every truth page, one image, one PDF, the 404
/// page), the live web is stopped and nginx serves the copy on the same ports: the pages' absolute links stay right.
/// Routes the files cannot express are nginx locations: <c>/</c> is the root page, every <c>/img/N.png</c> and
/// <c>/docs/N.pdf</c> (canonical decimal N, as the web's router) the one image and PDF, anything else the web's 404
/// page with status 404. nginx runs as one process (<c>master_process off</c>), metered like the test web.</summary>
public static class NginxWeb
{
    private const string RootFile = "__root.html";
    private const string NotFoundFile = "__404.html";
    private const string ImageFile = "__img.png";
    private const string PdfFile = "__doc.pdf";

    /// <summary>Null when nginx can run here; else why not.</summary>
    public static string? Unavailable() => Binary() is null ? "nginx is not installed (apt-get install nginx)" : null;

    /// <exception cref="BenchSetupException">nginx is not installed or did not start.</exception>
    public static async Task<TestWebProcess> StartAsync(string ocrawlDll, int pages, int hosts, string directory, CancellationToken cancellationToken,
        int articles = 0, int products = 0)
    {
        var nginx = Binary() ?? throw new BenchSetupException(Unavailable()!);
        var basePort = FreePortRange(hosts);
        var www = Path.Combine(directory, "www");
        TestWebProcess copy;
        await using (var live = await TestWebProcess.StartAsync(ocrawlDll, pages, hosts, TimeSpan.Zero, Path.Combine(directory, "live"), cancellationToken, basePort: basePort,
            articles: articles, products: products))
        {
            await ExportAsync(live, www, cancellationToken);
            copy = live;
        }

        var conf = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(conf, Config(directory, www, Enumerable.Range(basePort, hosts)), cancellationToken);
        var server = MeteredProcess.Start("nginx", nginx, ["-p", directory, "-c", conf, "-e", Path.Combine(directory, "error.log")], directory);
        try
        {
            await WaitListeningAsync(server, basePort, hosts, directory, cancellationToken);
            return TestWebProcess.Serving(server, copy);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Downloads every file of the live web a crawl can fetch into <c>www/PORT/...</c>.</summary>
    public static async Task ExportAsync(TestWebProcess live, string www, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(live);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var files = new List<(Uri Url, string File, HttpStatusCode Expected)>();
        foreach (var seed in live.Seeds.Select(s => new Uri(s)).DistinctBy(u => u.Port))
        {
            var root = Path.Combine(www, seed.Port.ToString(CultureInfo.InvariantCulture));
            files.Add((new Uri(seed, "/robots.txt"), Path.Combine(root, "robots.txt"), HttpStatusCode.OK));
            files.Add((new Uri(seed, "/sitemap.xml"), Path.Combine(root, "sitemap.xml"), HttpStatusCode.OK));
            files.Add((new Uri(seed, "/img/1.png"), Path.Combine(root, ImageFile), HttpStatusCode.OK));
            files.Add((new Uri(seed, "/docs/1.pdf"), Path.Combine(root, PdfFile), HttpStatusCode.OK));
            files.Add((new Uri(seed, "/no-such-page"), Path.Combine(root, NotFoundFile), HttpStatusCode.NotFound));
        }

        foreach (var page in live.Truth.Select(t => new Uri(t)))
        {
            var path = Uri.UnescapeDataString(page.AbsolutePath);
            var relative = path == "/" ? RootFile : path.TrimStart('/');
            files.Add((page, Path.Combine(www, page.Port.ToString(CultureInfo.InvariantCulture), relative), HttpStatusCode.OK));
        }

        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (f, ct) =>
        {
            using var response = await http.GetAsync(f.Url, ct);
            if (response.StatusCode != f.Expected)
            {
                throw new InvalidOperationException($"Export of the test web: {f.Url} answered {(int)response.StatusCode}, expected {(int)f.Expected}.");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(f.File)!);
            await File.WriteAllBytesAsync(f.File, await response.Content.ReadAsByteArrayAsync(ct), ct);
        });
    }

    /// <summary>One server per host port; access log off (the test web keeps none either), keep-alive unlimited as Kestrel's.</summary>
    public static string Config(string directory, string www, IEnumerable<int> ports)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $$"""
            daemon off;
            master_process off;
            worker_processes 1;
            pid {{directory}}/nginx.pid;
            events { worker_connections 4096; }
            http {
                types { text/html html; text/plain txt; application/xml xml; image/png png; application/pdf pdf; }
                default_type application/octet-stream;
                charset utf-8;
                charset_types text/plain application/xml; # text/html is always included
                access_log off;
                sendfile on;
                tcp_nopush on;
                keepalive_requests 1000000;
                keepalive_timeout 75s;
                client_body_temp_path {{directory}}/tmp-body;
                proxy_temp_path {{directory}}/tmp-proxy;
                fastcgi_temp_path {{directory}}/tmp-fastcgi;
                uwsgi_temp_path {{directory}}/tmp-uwsgi;
                scgi_temp_path {{directory}}/tmp-scgi;

            """);
        foreach (var port in ports)
        {
            sb.Append(CultureInfo.InvariantCulture, $$"""
                    server {
                        listen 127.0.0.1:{{port}};
                        root {{www}}/{{port}};
                        error_page 404 /{{NotFoundFile}};
                        location = /{{NotFoundFile}} { internal; }
                        location = / { try_files /{{RootFile}} =404; }
                        location ~ "^/img/(0|[1-9][0-9]{0,8})\.png$" { try_files /{{ImageFile}} =404; }
                        location ~ "^/docs/(0|[1-9][0-9]{0,8})\.pdf$" { try_files /{{PdfFile}} =404; }
                        location ~ "^/__" { return 404; }
                        location / { try_files $uri =404; }
                    }

                """);
        }

        sb.Append("}\n");
        return sb.ToString();
    }

    private static string? Binary() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Append("/usr/sbin")
            .Select(d => Path.Combine(d, "nginx")).FirstOrDefault(File.Exists);

    /// <summary>A base port with <paramref name="count"/> free ports after it, below Linux's ephemeral range.</summary>
    private static int FreePortRange(int count)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var start = Random.Shared.Next(20_000, 32_000 - count);
            if (Enumerable.Range(start, count).All(IsFree))
            {
                return start;
            }
        }

        throw new BenchSetupException($"No {count} consecutive free ports found between 20000 and 32000 for nginx.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task WaitListeningAsync(MeteredProcess server, int basePort, int hosts, string directory, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (server.HasExited)
            {
                break;
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, basePort + hosts - 1, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50, cancellationToken);
            }
        }

        var errors = Path.Combine(directory, "error.log");
        throw new BenchSetupException($"nginx did not start listening on port {basePort + hosts - 1}: {(File.Exists(errors) ? await File.ReadAllTextAsync(errors, cancellationToken) : server.Output)}");
    }
}
