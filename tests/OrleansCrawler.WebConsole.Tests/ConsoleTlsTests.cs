using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.WebConsole.Auth;
using OrleansCrawler.WebConsole.Hosting;

namespace OrleansCrawler.WebConsole.Tests;

/// <summary><c>Crawler:Console:CertificatePath</c>: the console serves HTTPS with the certificate and key of a PEM file
/// (here a certificate made for 127.0.0.1 by the test, trusted by its client alone), refuses plain HTTP on that port, and
/// a file that is missing or lacks the key stops the start with a message naming the setting and the file.</summary>
public sealed class ConsoleTlsTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ocrawl-console-tls-").FullName;

    [Fact]
    public async Task WithACertificate_ServesHttps_WithThatCertificate_AndNotPlainHttp()
    {
        using var certificate = SelfSigned();
        var pem = Path.Combine(_dir, "console.pem");
        await File.WriteAllTextAsync(pem, certificate.ExportCertificatePem() + "\n" + certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem() + "\n");
        var options = Options(pem);
        ConsoleServiceCollectionExtensions.Validate(options);
        await using var server = new ConsoleServer(options, fixture.Crawler.Grains, fixture.Crawler.Services.GetRequiredService<IHostSummaryStore>(), NullLoggerFactory.Instance);
        await server.StartAsync(CancellationToken.None);

        Assert.Equal("https", server.Address!.Scheme);
        X509Certificate2? seen = null;
        using var tls = new HttpClient(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) =>
            {
                seen = presented is null ? null : new X509Certificate2(presented);
                return presented?.Thumbprint == certificate.Thumbprint;
            },
        }) { BaseAddress = server.Address };
        tls.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.OperatorToken);

        Assert.Equal(HttpStatusCode.OK, (await tls.GetAsync("/api/jobs")).StatusCode);
        Assert.Equal(certificate.Thumbprint, seen?.Thumbprint);

        using var plain = new HttpClient { BaseAddress = new UriBuilder(server.Address) { Scheme = "http" }.Uri, Timeout = TimeSpan.FromSeconds(10) };
        var refused = await Record.ExceptionAsync(async () => (await plain.GetAsync("/api/jobs")).EnsureSuccessStatusCode());
        Assert.NotNull(refused);
        await server.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void MissingFile_OrAFileWithoutTheKey_StopsTheStart_NamingTheSettingAndTheFile()
    {
        var missing = Path.Combine(_dir, "nowhere.pem");
        var ex = Assert.Throws<ConsoleConfigurationException>(() => ConsoleServiceCollectionExtensions.Validate(Options(missing)));
        Assert.StartsWith($"Crawler:Console:CertificatePath: '{missing}': ", ex.Message, StringComparison.Ordinal);

        using var certificate = SelfSigned();
        var noKey = Path.Combine(_dir, "no-key.pem");
        File.WriteAllText(noKey, certificate.ExportCertificatePem());
        ex = Assert.Throws<ConsoleConfigurationException>(() => ConsoleServiceCollectionExtensions.Validate(Options(noKey)));
        Assert.StartsWith($"Crawler:Console:CertificatePath: '{noKey}': ", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ConsoleOptions Options(string certificatePath) => new()
    {
        Port = 0,
        CertificatePath = certificatePath,
        Tokens = [new ConsoleToken { Name = "script", Hash = ConsoleSecrets.HashToken(fixture.OperatorToken), Role = "operator" }],
    };

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=ocrawl console test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509Certificate2.CreateFromPem(made.ExportCertificatePem(), made.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
    }
}
