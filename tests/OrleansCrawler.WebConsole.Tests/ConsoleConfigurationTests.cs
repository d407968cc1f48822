using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrawler.Silo.Hosting;
using OrleansCrawler.WebConsole.Auth;
using OrleansCrawler.WebConsole.Hosting;

namespace OrleansCrawler.WebConsole.Tests;

public class ConsoleConfigurationTests
{
    private static void Add(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddCrawlerConsole(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

    [Fact]
    public void NoPort_NoConsole_NoUsersNeeded()
    {
        var services = new ServiceCollection().AddCrawlerConsole(new ConfigurationBuilder().Build());

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(ConsoleServer));
    }

    [Fact]
    public void PortWithoutAnyUserOrToken_RefusesToStart_NamingTheSettings()
    {
        var ex = Assert.Throws<ConsoleConfigurationException>(() => Add(new() { ["Crawler:Console:Port"] = "8080" }));

        Assert.Contains("Crawler:Console:Users:0:Name", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Crawler:Console:Tokens:0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silo_WithAPortAndNoUser_DoesNotStart()
    {
        var data = Directory.CreateTempSubdirectory("ocrawl-console-config-").FullName;

        var ex = await Assert.ThrowsAsync<CrawlerConfigurationException>(() =>
            EmbeddedCrawler.StartAsync(data, new Dictionary<string, string?> { ["Crawler:Console:Port"] = "0" }));

        Assert.Contains("Crawler:Console:Users:0:Name", ex.Message, StringComparison.Ordinal);
        Directory.Delete(data, recursive: true);
    }

    [Theory]
    [InlineData("Crawler:Console:Users:0:PasswordHash", "hunter2", "Crawler:Console:Users:0:PasswordHash of 'ann' is not a hash")]
    [InlineData("Crawler:Console:Users:0:Role", "admin", "Crawler:Console:Users:0:Role: 'admin' is not viewer or operator.")]
    [InlineData("Crawler:Console:Bind", "everywhere", "Crawler:Console:Bind: 'everywhere' is not loopback, any or an IP address.")]
    public void BadSetting_IsOneMessageNamingItAndTheValue(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Crawler:Console:Port"] = "8080",
            ["Crawler:Console:Users:0:Name"] = "ann",
            ["Crawler:Console:Users:0:PasswordHash"] = ConsoleSecrets.HashPassword("pw"),
            ["Crawler:Console:Users:0:Role"] = "viewer",
            [key] = value,
        };

        var ex = Assert.Throws<ConsoleConfigurationException>(() => Add(settings));

        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Secrets_HashesVerifyOnlyTheirOwnSecret()
    {
        var hash = ConsoleSecrets.HashPassword("pw-1");

        Assert.True(ConsoleSecrets.VerifyPassword(hash, "pw-1"));
        Assert.False(ConsoleSecrets.VerifyPassword(hash, "pw-2"));
        Assert.False(ConsoleSecrets.VerifyPassword("not a hash", "pw-1"));
        Assert.NotEqual(hash, ConsoleSecrets.HashPassword("pw-1"));
        var token = ConsoleSecrets.NewToken();
        Assert.True(ConsoleSecrets.TokenMatches(ConsoleSecrets.HashToken(token), token));
        Assert.False(ConsoleSecrets.TokenMatches(ConsoleSecrets.HashToken(token), ConsoleSecrets.NewToken()));
    }
}
