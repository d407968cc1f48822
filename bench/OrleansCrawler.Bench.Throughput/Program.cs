using System.CommandLine;
using System.Globalization;
using OrleansCrawler.Bench.Cluster;
using OrleansCrawler.Bench.Throughput;
using OrleansCrawler.Bench.Throughput.Reporting;

var workloads = new Option<string>("--workloads") { Description = "Comma-separated: throughput, latency, scale, silos, startup, small-site", DefaultValueFactory = _ => "throughput,latency" };
var pages = new Option<int>("--pages") { Description = "Pages of the throughput and latency webs", DefaultValueFactory = _ => 20_000 };
var hosts = new Option<int>("--hosts") { Description = "Hosts of every web", DefaultValueFactory = _ => 50 };
var latency = new Option<int>("--latency-ms") { Description = "Latency of every response in the latency workload (ms)", DefaultValueFactory = _ => 50 };
var scalePages = new Option<int>("--scale-pages") { Description = "Pages of the scale web", DefaultValueFactory = _ => 1_000_000 };
var concurrency = new Option<int>("--concurrency") { Description = "Fetches in flight", DefaultValueFactory = _ => 64 };
var content = new Option<string?>("--content") { Description = "Also crawl with ocrawl run --content FORMAT (text, markdown, html): a 'content' row, its ratio against the same crawl without" };
var partitions = new Option<int?>("--partitions") { Description = "Partitions of the Orleans crawler's job (ocrawl run --partitions; default: ocrawl's)" };
var perHost = new Option<int>("--per-host") { Description = "Fetches in flight per host", DefaultValueFactory = _ => 2 };
var repeat = new Option<int>("--repeat") { Description = "Runs per crawler and workload (alternating); medians reported", DefaultValueFactory = _ => 1 };
var noBaseline = new Option<bool>("--no-baseline") { Description = "Skip the no-Orleans baseline" };
var baselineNoFrontier = new Option<bool>("--baseline-without-frontier")
{
    Description = "The baseline does not persist a frontier (as before the crawler did; the crawler always does)",
};
var scaleBaseline = new Option<bool>("--scale-baseline") { Description = "Run the baseline in the scale workload too" };
var silos = new Option<string>("--silos") { Description = "Silo process counts of the silos workload; the first is the reference", DefaultValueFactory = _ => "1,3" };
var siloCpu = new Option<double>("--silo-cpu") { Description = "Processors each silo of the silos workload may use (a cgroup quota per silo; each brings its own --concurrency); 0 = unconfined", DefaultValueFactory = _ => 0 };
var peers = new Option<string?>("--peers") { Description = "Also crawl the throughput web with these peers, each only where installed: all, or a list of wget2, scrapy, crawlee" };
var warc = new Option<bool>("--warc") { Description = "Throughput workload: also crawl with ocrawl run --warc (row orleans-warc, compare with orleans)" };
var warcContent = new Option<bool>("--warc-content") { Description = "Throughput workload: also crawl with ocrawl run --warc --content (--content's format, else markdown): row warc-content, compare with orleans, bytes on disk per page" };
var dedup = new Option<bool>("--dedup") { Description = "Throughput workload: also crawl with ocrawl run --dedup (row dedup, compare with orleans; docs/dedup.md)" };
var contentDedup = new Option<bool>("--content-dedup") { Description = "Throughput workload: also crawl with ocrawl run --content (--content's format, else markdown) --dedup: row content-dedup, compare with orleans" };
var fieldsDedup = new Option<bool>("--fields-dedup") { Description = "Throughput workload: also crawl with ocrawl run --extract (the test web's product field rules) --dedup: row fields-dedup, compare with orleans (issue 15)" };
var webArticles = new Option<int>("--web-articles") { Description = "Percent of the test web's pages served as articles (testsite --articles), for every crawler" };
var webProducts = new Option<int>("--web-products") { Description = "Percent of the test web's other pages served as product pages with known fields (testsite --products), for every crawler" };
var nginx = new Option<bool>("--nginx") { Description = "Serve the throughput and scale webs as a static copy with Debian's nginx (one process, metered as the web) instead of the in-repo test web" };
var noScaleCrawl = new Option<bool>("--no-scale-crawl") { Description = "Scale workload: measure the seen-set over the web's truth set only, no crawl" };
var startupRuns = new Option<int>("--startup-runs") { Description = "Runs of each crawler in the startup workload (median reported)", DefaultValueFactory = _ => 5 };
var smallSitePages = new Option<int>("--small-site-pages") { Description = "Pages of the small-site workload's single-host web", DefaultValueFactory = _ => 500 };
var output = new Option<DirectoryInfo?>("--out") { Description = "Folder for report.md, results.json and the crawls' data (./throughput-results/<timestamp>)" };

var root = new RootCommand("Issue 8 throughput harness: the test web and each crawler as separate processes, metered and checked against the truth set (build with -c Release)");
foreach (var option in new Option[] { workloads, pages, hosts, latency, scalePages, concurrency, perHost, partitions, content, repeat, noBaseline, baselineNoFrontier, scaleBaseline, noScaleCrawl, warc, warcContent, dedup, contentDedup, fieldsDedup, webArticles, webProducts, nginx, silos, peers, startupRuns, smallSitePages, output })
{
    root.Options.Add(option);
}

root.SetAction(async (result, cancellationToken) =>
{
    ThroughputOptions options;
    try
    {
        options = new ThroughputOptions
        {
            Workloads = ThroughputOptions.ParseWorkloads(result.GetValue(workloads)!),
            Pages = result.GetValue(pages),
            Hosts = result.GetValue(hosts),
            Latency = TimeSpan.FromMilliseconds(result.GetValue(latency)),
            ScalePages = result.GetValue(scalePages),
            Concurrency = result.GetValue(concurrency),
            PerHost = result.GetValue(perHost),
            Partitions = result.GetValue(partitions),
            Content = result.GetValue(content),
            Repeat = result.GetValue(repeat),
            Baseline = !result.GetValue(noBaseline),
            ScaleBaseline = result.GetValue(scaleBaseline),
            BaselineFrontier = !result.GetValue(baselineNoFrontier),
            Warc = result.GetValue(warc),
            WarcContent = result.GetValue(warcContent),
            Dedup = result.GetValue(dedup),
            Nginx = result.GetValue(nginx),
            ContentDedup = result.GetValue(contentDedup),
            FieldsDedup = result.GetValue(fieldsDedup),
            WebArticles = result.GetValue(webArticles),
            WebProducts = result.GetValue(webProducts),
            SiloCpu = result.GetValue(siloCpu),
            Silos = [.. result.GetValue(silos)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture))],
            Peers = ThroughputOptions.ParsePeers(result.GetValue(peers)),
            ScaleCrawl = !result.GetValue(noScaleCrawl),
            StartupRuns = result.GetValue(startupRuns),
            SmallSitePages = result.GetValue(smallSitePages),
            OutputDirectory = result.GetValue(output)?.FullName
                ?? Path.Combine(Environment.CurrentDirectory, "throughput-results", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)),
            CommandLine = "ocrawl-throughput " + string.Join(' ', result.Tokens.Select(t => t.Value)),
        };
        options.Validate();
    }
    catch (Exception ex) when (ex is ArgumentException or FormatException)
    {
        Console.Error.WriteLine($"error: {ex.Message}");
        return 2;
    }

    ThroughputResults results;
    try
    {
        results = await new ThroughputRunner(options, Console.Error).RunAsync(cancellationToken);
    }
    catch (BenchSetupException ex)
    {
        Console.Error.WriteLine($"error: {ex.Message}");
        return 3;
    }
    catch (OperationCanceledException)
    {
        Console.Error.WriteLine("Interrupted.");
        return 130;
    }

    Console.WriteLine();
    Console.WriteLine(ThroughputReport.ToText(results));
    foreach (var file in await ThroughputReport.WriteAsync(results, CancellationToken.None))
    {
        Console.WriteLine($"Wrote {file}");
    }

    return results.AllChecksPassed ? 0 : 1;
});

return await root.Parse(args).InvokeAsync();
