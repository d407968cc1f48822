using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansCrawler.Silo.Hosting;

/// <summary>The certificate a silo or client presents and the cluster CA it checks its peers against. A peer is
/// accepted when its certificate chains to that CA alone (not to the system's trusted roots), within its validity.
/// Names are not checked: silos are reached at addresses learned from membership, not at names.</summary>
public sealed class ClusterCertificates
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    private ClusterCertificates(X509Certificate2 certificate, X509Certificate2Collection authorities)
    {
        Certificate = certificate;
        Authorities = authorities;
    }

    /// <summary>This side's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The cluster CA (the only trusted roots).</summary>
    public X509Certificate2Collection Authorities { get; }

    /// <summary>Why the last peer was refused (null when none was): for a client's error message.</summary>
    public string? LastRejection { get; private set; }

    /// <summary>Loads a PEM file (certificate, key unless <paramref name="keyPath"/> is given, CA certificates) or a
    /// PKCS#12 file (.pfx/.p12), and the CA from <paramref name="caPath"/> or else from that file.</summary>
    /// <exception cref="ArgumentException">A file is missing or unreadable, or no key or CA is found; the message
    /// names the file.</exception>
    public static ClusterCertificates Load(string certificatePath, string? keyPath = null, string? caPath = null, string? password = null)
    {
        Exists(certificatePath);
        X509Certificate2 certificate;
        var authorities = new X509Certificate2Collection();
        try
        {
            if (IsPkcs12(certificatePath))
            {
                var all = X509CertificateLoader.LoadPkcs12CollectionFromFile(certificatePath, password);
                certificate = all.FirstOrDefault(c => c.HasPrivateKey)
                    ?? throw new ArgumentException($"TLS certificate '{certificatePath}': no certificate with a private key inside.");
                authorities.AddRange(all.Where(c => c != certificate).ToArray());
            }
            else
            {
                if (keyPath is not null)
                {
                    Exists(keyPath);
                }

                var pem = string.IsNullOrEmpty(password)
                    ? X509Certificate2.CreateFromPemFile(certificatePath, keyPath)
                    : X509Certificate2.CreateFromEncryptedPemFile(certificatePath, password, keyPath);
                certificate = pem;
                var all = new X509Certificate2Collection();
                all.ImportFromPemFile(certificatePath);
                authorities.AddRange(all.Where(c => c.Thumbprint != pem.Thumbprint).ToArray());
            }
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"TLS certificate '{certificatePath}'{(keyPath is null ? "" : $" (key '{keyPath}')")} cannot be loaded: {ex.Message}");
        }

        if (!string.IsNullOrEmpty(caPath))
        {
            Exists(caPath);
            authorities = [];
            try
            {
                authorities.ImportFromPemFile(caPath);
            }
            catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
            {
                throw new ArgumentException($"TLS CA '{caPath}' cannot be loaded: {ex.Message}");
            }
        }

        if (authorities.Count == 0)
        {
            throw new ArgumentException($"TLS certificate '{certificatePath}': no cluster CA certificate in it; add it to the file or name it separately (CaPath / --tls-ca).");
        }

        return new ClusterCertificates(certificate, authorities);
    }

    /// <summary>Whether <paramref name="peer"/> chains to the cluster CA; <paramref name="mustServe"/>: it must also
    /// be allowed for server authentication (a gateway's certificate, as a client checks it).</summary>
    public bool Accepts(X509Certificate2? peer, SslPolicyErrors errors, bool mustServe)
    {
        if (peer is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return Reject("the peer presented no certificate");
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(Authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (mustServe)
        {
            chain.ChainPolicy.ApplicationPolicy.Add(ServerAuthentication);
        }

        if (!chain.Build(peer))
        {
            var status = string.Join(", ", chain.ChainStatus.Select(s => s.Status).Distinct());
            return Reject($"the gateway's certificate ({peer.Subject}) is not accepted by the cluster CA given: {status}");
        }

        LastRejection = null;
        return true;
    }

    private bool Reject(string why)
    {
        LastRejection = why;
        return false;
    }

    private static bool IsPkcs12(string path) =>
        path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase);

    private static void Exists(string path)
    {
        if (!File.Exists(path))
        {
            throw new ArgumentException($"TLS file '{path}' does not exist.");
        }
    }
}
