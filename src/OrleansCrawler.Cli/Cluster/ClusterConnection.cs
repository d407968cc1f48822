using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using OrleansCrawler.Silo.Hosting;

namespace OrleansCrawler.Cli.Cluster;

/// <summary>Connects <c>ocrawl</c> to a cluster as an Orleans client, finding the silos' gateways through the
/// cluster's Redis membership: <c>--cluster redis://HOST:PORT</c> or <c>OCRAWL_CLUSTER</c>.</summary>
public sealed class ClusterConnection : IAsyncDisposable
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(20);
    private readonly IHost _host;

    private ClusterConnection(IHost host)
    {
        _host = host;
        Grains = host.Services.GetRequiredService<IClusterClient>();
    }

    public IClusterClient Grains { get; }

    public static Option<string?> ClusterOption() => new("--cluster")
    {
        Description = "Redis membership of the cluster, redis://HOST:PORT (default: $OCRAWL_CLUSTER); its password from "
            + "$OCRAWL_REDIS_PASSWORD or redis://:PASSWORD@HOST:PORT",
    };

    public static Option<string?> ClusterIdOption() => new("--cluster-id")
    {
        Description = "The silos' Orleans:ClusterId (default: $OCRAWL_CLUSTER_ID, else ocrawl)",
    };

    public static Option<string?> TlsCertOption() => new("--tls-cert")
    {
        Description = "The client certificate of a cluster with TLS (default: $OCRAWL_TLS_CERT): a PEM file with the "
            + "certificate, its key and the cluster CA (deploy/secrets.sh writes secrets/ocrawl-client.pem), or a .pfx "
            + "(password in $OCRAWL_TLS_PASSWORD); OCRAWL_TLS=Off ignores $OCRAWL_TLS_CERT",
    };

    public static Option<string?> TlsCaOption() => new("--tls-ca")
    {
        Description = "The cluster CA's certificate, PEM (default: $OCRAWL_TLS_CA, else the CA inside --tls-cert)",
    };

    /// <summary>The Redis configuration string from <c>redis://host:port</c> (or plain <c>host:port</c>); a password
    /// in the address (<c>redis://:PASSWORD@host:port</c>) is left out: see <see cref="ParseCluster"/>.</summary>
    public static string ParseRedisAddress(string value) => ParseCluster(value).Address;

    /// <summary>The Redis address and the password in it, if any: <c>redis://[:PASSWORD@]HOST:PORT</c> (or plain
    /// <c>HOST:PORT</c>).</summary>
    public static (string Address, string? Password) ParseCluster(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.StartsWith("redis://", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed["redis://".Length..].TrimEnd('/');
        }

        string? password = null;
        var at = trimmed.LastIndexOf('@');
        if (at >= 0)
        {
            var credentials = trimmed[..at];
            trimmed = trimmed[(at + 1)..];
            if (!credentials.StartsWith(':'))
            {
                throw new ArgumentException($"'{Redact(value)}' is not a cluster address; expected redis://:PASSWORD@HOST:PORT (Redis users are not supported).");
            }

            password = Uri.UnescapeDataString(credentials[1..]);
        }

        if (trimmed.Length == 0 || trimmed.Contains('/', StringComparison.Ordinal) || trimmed.Contains(' ', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{Redact(value)}' is not a cluster address; expected redis://HOST:PORT.");
        }

        return (trimmed, string.IsNullOrEmpty(password) ? null : password);
    }

    /// <summary><paramref name="value"/> with any password in it replaced by <c>***</c>, for messages.</summary>
    private static string Redact(string value)
    {
        var at = value.LastIndexOf('@');
        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        return at < 0 ? value : value[..(scheme < 0 ? 0 : scheme + 3)] + "***" + value[at..];
    }

    /// <exception cref="ClusterUnavailableException">Nothing answers at the address in time.</exception>
    /// <exception cref="ArgumentException">A bad address or TLS file (exit 2).</exception>
    public static async Task<ClusterConnection> ConnectAsync(string? cluster, string? clusterId, CancellationToken cancellationToken,
        string? tlsCert = null, string? tlsCa = null)
    {
        var tls = ClusterTlsClient.Load(tlsCert, tlsCa);
        cluster ??= Environment.GetEnvironmentVariable("OCRAWL_CLUSTER");
        if (string.IsNullOrWhiteSpace(cluster))
        {
            throw new ArgumentException("No cluster given: use --cluster redis://HOST:PORT or set OCRAWL_CLUSTER.");
        }

        var (redis, password) = ParseCluster(cluster);
        password ??= Environment.GetEnvironmentVariable("OCRAWL_REDIS_PASSWORD");
        var id = clusterId ?? Environment.GetEnvironmentVariable("OCRAWL_CLUSTER_ID") ?? "ocrawl";
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Critical);
        builder.UseOrleansClient(client =>
        {
            client
                .UseRedisClustering(o => RedisMembership.Configure(o, redis, password))
                .AddActivityPropagation()
                .Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = id;
                    o.ServiceId = Environment.GetEnvironmentVariable("OCRAWL_SERVICE_ID") ?? "ocrawl";
                });
            if (tls is not null)
            {
                client.UseClusterTls(tls);
            }
        });
        var host = builder.Build();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        string? tlsReason = null;
        try
        {
            var start = host.StartAsync(timeout.Token);
            using var diagnosing = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
            var diagnosis = ClusterTlsClient.DiagnoseAsync(host.Services, tls, diagnosing.Token);
            if (await Task.WhenAny(start, diagnosis) == diagnosis && (tlsReason = await diagnosis) is not null)
            {
                // TLS keeps this client out: no point waiting for the start's own timeout.
                await timeout.CancelAsync();
            }

            await start;
            await diagnosing.CancelAsync();
            return new ClusterConnection(host);
        }
        catch (Exception ex) when (ex is not ArgumentException)
        {
            host.Dispose();
            var reason = tlsReason
                ?? (tls?.LastRejection is { } rejection ? $"TLS: {rejection}"
                : ex is OperationCanceledException ? $"no answer within {ConnectTimeout.TotalSeconds:0} s"
                : RedisMembership.IsAuthenticationFailure(ex)
                    ? password is null
                        ? "Redis asks for a password: set OCRAWL_REDIS_PASSWORD or use redis://:PASSWORD@HOST:PORT"
                        : "Redis refused the password given (OCRAWL_REDIS_PASSWORD or the address)"
                    : ex.GetBaseException().Message);
            throw new ClusterUnavailableException($"cannot reach the cluster '{id}' at redis://{redis}: {reason}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(TimeSpan.FromSeconds(5));
        }
        finally
        {
            _host.Dispose();
        }
    }
}

public sealed class ClusterUnavailableException(string message) : Exception(message);
