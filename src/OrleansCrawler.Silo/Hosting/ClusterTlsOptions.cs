namespace OrleansCrawler.Silo.Hosting;

/// <summary>TLS between silos and from clients to the gateways (section "Crawler:Tls"): mutual, every side presents
/// a certificate signed by the cluster's own CA and accepts only peers whose certificate chains to that CA.</summary>
public sealed class ClusterTlsOptions
{
    public const string SectionName = "Crawler:Tls";

    /// <summary><c>Off</c> (plain TCP) or <c>Mutual</c>.</summary>
    public ClusterTlsMode Mode { get; set; } = ClusterTlsMode.Off;

    /// <summary>This silo's certificate: a PEM file (certificate, then its key unless <see cref="KeyPath"/> names
    /// another file, then the cluster CA's certificate) or a PKCS#12 file (.pfx/.p12: the key and the CA inside).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key, when it is not in <see cref="CertificatePath"/>.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The cluster CA's certificate (PEM); when empty, the CA certificates inside <see cref="CertificatePath"/>.</summary>
    public string? CaPath { get; set; }

    /// <summary>The password of a PKCS#12 file or an encrypted PEM key, from the environment
    /// (<c>Crawler__Tls__Password</c>); or <see cref="PasswordFile"/>.</summary>
    public string? Password { get; set; }

    /// <summary>A file holding that password (e.g. a compose or Kubernetes secret).</summary>
    public string? PasswordFile { get; set; }
}

public enum ClusterTlsMode
{
    Off,
    Mutual,
}
