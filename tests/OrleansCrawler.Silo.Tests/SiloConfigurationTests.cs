using OrleansCrawler.LocalServers;

namespace OrleansCrawler.Silo.Tests;

/// <summary>A silo with a setting that cannot work stops at once with an error naming the setting.</summary>
public sealed class SiloConfigurationTests
{
    [Theory]
    [InlineData("Crawler__Cluster__Mode", "Redis", "Crawler:Cluster:Redis")]
    [InlineData("Crawler__Cluster__Mode", "Carrier-Pigeon", "Crawler:Cluster")]
    [InlineData("Crawler__Storage__Provider", "Postgres", "Crawler:Storage:Postgres")]
    [InlineData("Orleans__SiloPort", "70000", "Orleans:SiloPort")]
    [InlineData("Crawler__Fetcher__MaxBodyBytes", "12", "MaxBodyBytes")]
    [InlineData("Crawler__Telemetry__SampleRatio", "2", "Crawler:Telemetry:SampleRatio")]
    [InlineData("Crawler__Telemetry__OtlpEndpoint", "collector:4317", "Crawler:Telemetry:OtlpEndpoint")]
    [InlineData("Crawler__Tls__Mode", "Mutual", "Crawler:Tls:CertificatePath is required")]
    [InlineData("Crawler__Tls__Mode", "Optional", "Crawler:Tls")]
    [InlineData("Orleans__SiloListeningPort", "70000", "Orleans:SiloListeningPort")]
    [InlineData("Crawler__Console__Port", "8080", "Crawler:Console:Users:0:Name")]
    [InlineData("Crawler__Console__Port", "70000", "Crawler:Console:Port")]
    public async Task Start_BadSetting_ExitsNamingIt(string key, string value, string named)
    {
        using var dir = new TempFolder();
        using var silo = ChildProcess.Start("silo", "dotnet", [Repository.SiloDll], dir.Path,
            new Dictionary<string, string?> { [key] = value, ["Crawler__Storage__DataDirectory"] = dir.Path });

        var code = await silo.WaitForExitAsync(TimeSpan.FromMinutes(1));

        Assert.NotEqual(0, code);
        Assert.Contains(named, silo.Output);
    }

    [Fact]
    public async Task Start_TlsCertificateMissing_Exits2NamingTheSettingAndFile()
    {
        using var dir = new TempFolder();
        var missing = System.IO.Path.Combine(dir.Path, "no-such-silo.pem");
        using var silo = ChildProcess.Start("silo", "dotnet", [Repository.SiloDll], dir.Path, new Dictionary<string, string?>
        {
            ["Crawler__Tls__Mode"] = "Mutual",
            ["Crawler__Tls__CertificatePath"] = missing,
            ["Crawler__Storage__DataDirectory"] = dir.Path,
        });

        Assert.Equal(2, await silo.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains($"error: Crawler:Tls: TLS file '{missing}' does not exist.", silo.Output);
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("ocrawl-silo-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
