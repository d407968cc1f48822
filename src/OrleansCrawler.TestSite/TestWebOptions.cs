namespace OrleansCrawler.TestSite;

/// <summary>Shape of the synthetic web. The same options and seed give the same pages and links.</summary>
public sealed record TestWebOptions
{
    /// <summary>Total HTML pages over all hosts (spread evenly; each host has at least its root).</summary>
    public int Pages { get; init; } = 5000;

    public int Hosts { get; init; } = 20;

    public int Seed { get; init; } = 1;

    /// <summary>Added to every response with <c>Task.Delay</c>, so waiting never blocks a thread.</summary>
    public TimeSpan Latency { get; init; } = TimeSpan.Zero;

    /// <summary>Host i listens on 127.0.0.(i+2) instead of every host on 127.0.0.1 (at most 253 hosts).</summary>
    public bool DistinctIps { get; init; }

    /// <summary>Also append every request to this file as a TSV line (see <see cref="RequestLog"/>).</summary>
    public string? RequestLogPath { get; init; }

    /// <summary>Faults switched on at start, by host index (see <see cref="FaultMode"/>; <see cref="TestWeb.SetFault"/> changes them later).</summary>
    public IReadOnlyDictionary<int, HostFault> Faults { get; init; } = new Dictionary<int, HostFault>();

    /// <summary>The address every host listens on (default 127.0.0.1; e.g. 0.0.0.0 in a container). Ignored with
    /// <see cref="DistinctIps"/>.</summary>
    public System.Net.IPAddress BindAddress { get; init; } = System.Net.IPAddress.Loopback;

    /// <summary>The host name in the web's URLs (links, seeds, truth) instead of the bound address, e.g. the compose
    /// service name <c>testsite</c>. Required when <see cref="BindAddress"/> is a wildcard address.</summary>
    public string? HostName { get; init; }

    /// <summary>Host i listens on port <c>BasePort + i</c>; 0 (default) takes free ports.</summary>
    public int BasePort { get; init; }

    /// <summary>Percent (0-100) of the non-root pages served as article pages: the same links, written as a news site's
    /// chrome (cookie banner, header and nav, ads, share box, sidebar, footer) around a known article (headings, a list, a
    /// link, a table, a code block); <see cref="TestWebPages.Article(string)"/> gives its text. 0 (default): none, and the
    /// web is byte for byte what it was before article pages existed.</summary>
    public int ArticlePercent { get; init; }

    /// <summary>Percent (0-100) of the non-root pages that are not articles served as product pages: the same links,
    /// around a known product (name, price, currency, rating, tags, an old price on some, reviews);
    /// <see cref="TestWebPages.Product(string)"/> gives its values. 0 (default): none.</summary>
    public int ProductPercent { get; init; }
    /// <summary>Percent (0-100) of the article pages that are copies of another article page (docs/dedup.md): a third
    /// republished (own navigation, another date and counter), a third printer-friendly, both near duplicates of it;
    /// a third only look alike (same title, headings, list, table, code; other sentences). Every article page then
    /// carries a date line. <see cref="TestWebPages.CopyOf(int, int)"/> tells which is which. 0 (default): none.</summary>
    public int DuplicatePercent { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid member.</summary>
    public void Validate()
    {
        if (Hosts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Hosts), Hosts, "Hosts must be at least 1.");
        }

        if (DistinctIps && Hosts > MaxDistinctIpHosts)
        {
            throw new ArgumentOutOfRangeException(nameof(Hosts), Hosts, $"With DistinctIps, Hosts must be at most {MaxDistinctIpHosts} (127.0.0.2-127.0.0.254).");
        }

        if (Pages < Hosts)
        {
            throw new ArgumentOutOfRangeException(nameof(Pages), Pages, $"Pages must be at least Hosts ({Hosts}): every host has a root page.");
        }

        foreach (var host in Faults.Keys)
        {
            if (host < 0 || host >= Hosts)
            {
                throw new ArgumentOutOfRangeException(nameof(Faults), host, $"A fault names host {host}; hosts are 0 to {Hosts - 1}.");
            }
        }

        if (BasePort != 0 && (BasePort < 1 || BasePort + Hosts - 1 > 65535))
        {
            throw new ArgumentOutOfRangeException(nameof(BasePort), BasePort, $"BasePort must leave room for {Hosts} ports below 65536.");
        }

        if (HostName is null && !DistinctIps && (BindAddress.Equals(System.Net.IPAddress.Any) || BindAddress.Equals(System.Net.IPAddress.IPv6Any)))
        {
            throw new ArgumentException("HostName is required when BindAddress is a wildcard: URLs need a name clients can reach.", nameof(HostName));
        }

        if (HostName is not null && (HostName.Length == 0 || HostName.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))))
        {
            throw new ArgumentException($"HostName '{HostName}' is not a DNS host name.", nameof(HostName));
        }

        if (DuplicatePercent is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(DuplicatePercent), DuplicatePercent, "DuplicatePercent must be 0 to 100.");
        }

        if (ArticlePercent is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(ArticlePercent), ArticlePercent, "ArticlePercent must be 0 to 100.");
        }

        if (ProductPercent is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(ProductPercent), ProductPercent, "ProductPercent must be 0 to 100.");
        }

        if (Latency < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Latency), Latency, "Latency must not be negative.");
        }
    }

    internal const int MaxDistinctIpHosts = 253;
}
