using System.Net;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace OrleansCrawler.Silo.Hosting;

/// <summary>Reads and checks the silo's settings before anything starts, naming the setting at fault.</summary>
public static class SiloSettings
{
    public static T Read<T>(IConfiguration configuration, string section)
        where T : new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException ex)
        {
            // The binder says which value failed to convert ("Failed to convert configuration value at 'X' ...").
            throw new CrawlerConfigurationException($"Invalid setting under {section}: {ex.Message}");
        }
    }

    public static void Validate(StorageOptions storage)
    {
        const string s = StorageOptions.SectionName;
        if (storage.Provider == StorageProvider.Sqlite && string.IsNullOrWhiteSpace(storage.DataDirectory))
        {
            throw new CrawlerConfigurationException($"{s}:DataDirectory must name a folder when {s}:Provider is Sqlite.");
        }

        if (storage.Provider == StorageProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(storage.Postgres))
            {
                throw new CrawlerConfigurationException($"{s}:Postgres (a connection string) is required when {s}:Provider is Postgres.");
            }

            try
            {
                _ = new NpgsqlConnectionStringBuilder(storage.Postgres);
            }
            catch (ArgumentException ex)
            {
                throw new CrawlerConfigurationException($"{s}:Postgres is not a valid connection string: {ex.Message}");
            }
        }
    }

    public static void Validate(ClusterHostingOptions cluster)
    {
        const string s = ClusterHostingOptions.SectionName;
        if (cluster.Mode == ClusteringMode.Redis && string.IsNullOrWhiteSpace(cluster.Redis))
        {
            throw new CrawlerConfigurationException($"{s}:Redis (e.g. redis:6379) is required when {s}:Mode is Redis.");
        }
    }

    public static void Validate(SiloEndpointOptions endpoints)
    {
        const string s = SiloEndpointOptions.SectionName;
        if (string.IsNullOrWhiteSpace(endpoints.ClusterId))
        {
            throw new CrawlerConfigurationException($"{s}:ClusterId must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(endpoints.ServiceId))
        {
            throw new CrawlerConfigurationException($"{s}:ServiceId must not be empty.");
        }

        if (endpoints.SiloPort is < 1 or > 65535)
        {
            throw new CrawlerConfigurationException($"{s}:SiloPort must be a TCP port (1-65535), got {endpoints.SiloPort}.");
        }

        if (endpoints.GatewayPort is < 0 or > 65535)
        {
            throw new CrawlerConfigurationException($"{s}:GatewayPort must be a TCP port (0 disables the gateway), got {endpoints.GatewayPort}.");
        }

        if (endpoints.SiloListeningPort is < 1 or > 65535 || endpoints.GatewayListeningPort is < 1 or > 65535)
        {
            throw new CrawlerConfigurationException($"{s}:SiloListeningPort and {s}:GatewayListeningPort must be TCP ports (1-65535), got {endpoints.SiloListeningPort} and {endpoints.GatewayListeningPort}.");
        }
    }

    public static void Validate(TelemetryOptions telemetry)
    {
        const string s = TelemetryOptions.SectionName;
        if (telemetry.SampleRatio is < 0 or > 1 || double.IsNaN(telemetry.SampleRatio))
        {
            throw new CrawlerConfigurationException($"{s}:SampleRatio must be between 0 and 1, got {telemetry.SampleRatio}.");
        }

        if (!string.IsNullOrWhiteSpace(telemetry.OtlpEndpoint)
            && (!Uri.TryCreate(telemetry.OtlpEndpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            throw new CrawlerConfigurationException($"{s}:OtlpEndpoint must be an http(s) URL such as http://otel-collector:4317, got '{telemetry.OtlpEndpoint}'.");
        }
    }

    /// <summary>The IP this silo advertises: the configured address or host name, else this machine's host name.</summary>
    public static IPAddress ResolveAdvertisedAddress(SiloEndpointOptions endpoints)
    {
        var name = string.IsNullOrWhiteSpace(endpoints.AdvertisedAddress) ? Dns.GetHostName() : endpoints.AdvertisedAddress.Trim();
        if (IPAddress.TryParse(name, out var ip))
        {
            return ip;
        }

        try
        {
            var addresses = Dns.GetHostAddresses(name);
            return addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
                ?? addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
                ?? throw new CrawlerConfigurationException($"{SiloEndpointOptions.SectionName}:AdvertisedAddress '{name}' has no IPv4 address.");
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            throw new CrawlerConfigurationException($"{SiloEndpointOptions.SectionName}:AdvertisedAddress '{name}' cannot be resolved: {ex.Message}");
        }
    }
}
