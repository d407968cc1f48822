namespace OrleansCrawler.Silo.Hosting;

/// <summary>The silo's identity and endpoints (section "Orleans").</summary>
public sealed class SiloEndpointOptions
{
    public const string SectionName = "Orleans";

    /// <summary>Silos and clients of one cluster share it; so does the Redis membership key.</summary>
    public string ClusterId { get; set; } = "ocrawl";

    public string ServiceId { get; set; } = "ocrawl";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>The port the silo listens on for other silos when it is not <see cref="SiloPort"/> (which is then only
    /// advertised): a port mapping or a proxy in between. Null: <see cref="SiloPort"/>.</summary>
    public int? SiloListeningPort { get; set; }

    /// <summary>Likewise for the gateway: null means <see cref="GatewayPort"/>.</summary>
    public int? GatewayListeningPort { get; set; }

    /// <summary>The address other silos and clients reach this silo at: an IP or a host name (resolved at
    /// start). Empty: this machine's host name, which inside a container is the container's own address.</summary>
    public string? AdvertisedAddress { get; set; }
}
