using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Messaging;
using OrleansCrawler.Silo.Hosting;

namespace OrleansCrawler.Cli.Cluster;

/// <summary>The client side of a cluster's mutual TLS: the certificate from <c>--tls-cert</c> / <c>OCRAWL_TLS_CERT</c>,
/// and a one-line reason when TLS keeps the client out. Orleans' client retries refused gateway connections until
/// its start times out, so when the start is slow this asks the gateways directly (a TLS handshake of its own).</summary>
public static class ClusterTlsClient
{
    /// <summary>How long a start may take before the gateways are asked.</summary>
    public static readonly TimeSpan ProbeAfter = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    /// <summary>The client's certificates, or null for a plain connection (no certificate given, or
    /// <c>OCRAWL_TLS=Off</c> with the certificate only in the environment).</summary>
    /// <exception cref="ArgumentException">A file is missing or unreadable (names it).</exception>
    public static ClusterCertificates? Load(string? certificate, string? authority)
    {
        var off = string.Equals(Environment.GetEnvironmentVariable("OCRAWL_TLS"), "off", StringComparison.OrdinalIgnoreCase);
        certificate ??= off ? null : Environment.GetEnvironmentVariable("OCRAWL_TLS_CERT");
        if (string.IsNullOrWhiteSpace(certificate))
        {
            return null;
        }

        authority ??= Environment.GetEnvironmentVariable("OCRAWL_TLS_CA");
        return ClusterCertificates.Load(certificate, caPath: string.IsNullOrWhiteSpace(authority) ? null : authority,
            password: Environment.GetEnvironmentVariable("OCRAWL_TLS_PASSWORD"));
    }

    /// <summary>After <see cref="ProbeAfter"/>, why TLS keeps this client out of the cluster, if it does; null when
    /// it does not (or the gateways cannot be listed).</summary>
    public static async Task<string?> DiagnoseAsync(IServiceProvider services, ClusterCertificates? tls, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(ProbeAfter, cancellationToken);
            if (tls?.LastRejection is { } rejection)
            {
                return Rejected(rejection);
            }

            var provider = services.GetRequiredService<IGatewayListProvider>();
            await provider.InitializeGatewayListProviderAsync(cancellationToken);
            foreach (var gateway in (await provider.GetGatewaysAsync(cancellationToken)).Take(3))
            {
                if (await ProbeAsync(gateway.Host, gateway.Port, tls, cancellationToken) is { } reason)
                {
                    return reason;
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // No diagnosis: the caller reports its own error.
        }

        return tls?.LastRejection is { } last ? Rejected(last) : null;
    }

    private static string Rejected(string why) => "TLS: " + why + " (--tls-ca / OCRAWL_TLS_CA, or the CA inside --tls-cert)";

    /// <summary>One TLS handshake with a gateway, with this client's certificate if any: the reason it keeps this
    /// client out, or null (a plain gateway, or one that accepts the certificate).</summary>
    private static async Task<string?> ProbeAsync(string host, int port, ClusterCertificates? tls, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        var at = $"the gateway at {host}:{port}";
        var presented = false;
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(host, port, timeout.Token);
            await using var ssl = new SslStream(tcp.GetStream(), false, (_, certificate, _, errors) =>
            {
                presented = certificate is not null;
                return tls is null || tls.Accepts(certificate as X509Certificate2, errors, mustServe: true);
            });
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = host,
                ClientCertificates = tls is null ? null : new X509CertificateCollection { tls.Certificate },
            }, timeout.Token);
            if (tls is null)
            {
                return NeedsCertificate(at);
            }

            // TLS 1.3: the server judges the client's certificate after the client's side of the handshake is done,
            // and says so with an alert; a gateway that accepted it waits for Orleans' preamble instead.
            var read = await ssl.ReadAsync(new byte[1], timeout.Token);
            return read == 0 ? NotAccepted(at, tls) : null;
        }
        catch (Exception ex) when (ex is IOException or AuthenticationException)
        {
            return tls is null ? (presented ? NeedsCertificate(at) : null)
                : tls.LastRejection is { } rejection ? Rejected(rejection)
                : presented ? NotAccepted(at, tls) : null;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return null;
        }
    }

    private static string NeedsCertificate(string at) =>
        $"{at} asks for TLS: give the cluster's client certificate with --tls-cert FILE or OCRAWL_TLS_CERT";

    private static string NotAccepted(string at, ClusterCertificates tls) =>
        $"TLS: {at} refused this client's certificate ({tls.Certificate.Subject}, issued by {tls.Certificate.Issuer}); it must be signed by the cluster's CA";
}
