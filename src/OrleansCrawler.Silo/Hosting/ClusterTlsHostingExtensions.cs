using Orleans.Connections.Security;

namespace OrleansCrawler.Silo.Hosting;

/// <summary>Mutual TLS with the cluster's own CA (Microsoft.Orleans.Connections.Security): on a silo it covers the
/// silo-to-silo connections and the gateway, on a client its connections to the gateways.</summary>
public static class ClusterTlsHostingExtensions
{
    /// <summary>Reads "Crawler:Tls" and loads its files: null when TLS is off.</summary>
    /// <exception cref="CrawlerConfigurationException">A setting or file is wrong; the message names it.</exception>
    public static ClusterCertificates? LoadClusterTls(ClusterTlsOptions options)
    {
        const string s = ClusterTlsOptions.SectionName;
        if (options.Mode == ClusterTlsMode.Off)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            throw new CrawlerConfigurationException($"{s}:CertificatePath is required when {s}:Mode is Mutual.");
        }

        var password = options.Password;
        if (!string.IsNullOrEmpty(options.PasswordFile))
        {
            try
            {
                password = File.ReadAllText(options.PasswordFile).TrimEnd('\r', '\n');
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CrawlerConfigurationException($"{s}:PasswordFile '{options.PasswordFile}' cannot be read: {ex.Message}");
            }
        }

        try
        {
            return ClusterCertificates.Load(options.CertificatePath, Blank(options.KeyPath), Blank(options.CaPath), password);
        }
        catch (ArgumentException ex)
        {
            throw new CrawlerConfigurationException($"{s}: {ex.Message}");
        }
    }

    public static ISiloBuilder UseClusterTls(this ISiloBuilder silo, ClusterCertificates certificates) =>
        silo.UseTls(certificates.Certificate, o => Configure(o, certificates, mustServe: false));

    public static IClientBuilder UseClusterTls(this IClientBuilder client, ClusterCertificates certificates) =>
        client.UseTls(certificates.Certificate, o => Configure(o, certificates, mustServe: true));

    private static void Configure(TlsOptions options, ClusterCertificates certificates, bool mustServe)
    {
        options.LocalCertificate = certificates.Certificate;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        // Replaces the system's checks (its trusted roots, the host name): the peer must chain to the cluster CA.
        options.RemoteCertificateValidation = (peer, _, errors) => certificates.Accepts(peer, errors, mustServe);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
