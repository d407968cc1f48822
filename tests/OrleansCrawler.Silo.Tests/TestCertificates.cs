using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansCrawler.Silo.Tests;

/// <summary>A cluster CA and certificates issued by it, made with .NET's CertificateRequest (no openssl), written as
/// deploy/secrets.sh writes them: one PEM file per side with certificate, key and CA certificate.</summary>
public static class TestCertificates
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    public static X509Certificate2 CreateAuthority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    /// <summary>A certificate of <paramref name="authority"/>: a silo's (<paramref name="serves"/>: server and client
    /// authentication) or a client's (client authentication only).</summary>
    public static X509Certificate2 Issue(X509Certificate2 authority, string name, bool serves)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            serves ? new OidCollection { ServerAuthentication, ClientAuthentication } : new OidCollection { ClientAuthentication }, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        using var issued = request.Create(authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddMonths(6), RandomNumberGenerator.GetBytes(16));
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>Writes certificate, key and <paramref name="authority"/>'s certificate to <paramref name="path"/>.</summary>
    public static string WriteBundle(string path, X509Certificate2 certificate, X509Certificate2 authority)
    {
        using var key = certificate.GetECDsaPrivateKey()!;
        File.WriteAllText(path, certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n" + authority.ExportCertificatePem() + "\n");
        return path;
    }

    public static string WriteCertificate(string path, X509Certificate2 certificate)
    {
        File.WriteAllText(path, certificate.ExportCertificatePem() + "\n");
        return path;
    }
}
