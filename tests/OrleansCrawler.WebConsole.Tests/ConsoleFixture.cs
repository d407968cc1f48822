using Microsoft.Extensions.DependencyInjection;
using OrleansCrawler.Silo.Hosting;
using OrleansCrawler.WebConsole.Auth;
using OrleansCrawler.WebConsole.Hosting;

namespace OrleansCrawler.WebConsole.Tests;

/// <summary>A real silo (embedded: real grains, real HTTP fetcher, real SQLite) serving the console on a free port, with
/// an operator and a viewer who log in with passwords and an operator and a viewer API token.</summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string Operator = "olga";
    public const string OperatorPassword = "correct horse battery staple";
    public const string Viewer = "victor";
    public const string ViewerPassword = "viewer pass phrase";

    public string OperatorToken { get; } = ConsoleSecrets.NewToken();

    public string ViewerToken { get; } = ConsoleSecrets.NewToken();

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("ocrawl-console-").FullName;

    public string WarcDirectory => Path.Combine(DataDirectory, "warc");

    public EmbeddedCrawler Crawler { get; private set; } = null!;

    public Uri Address { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        const string s = ConsoleOptions.SectionName;
        Crawler = await EmbeddedCrawler.StartAsync(DataDirectory, new Dictionary<string, string?>
        {
            [$"{s}:Port"] = "0",
            [$"{s}:Users:0:Name"] = Operator,
            [$"{s}:Users:0:PasswordHash"] = ConsoleSecrets.HashPassword(OperatorPassword),
            [$"{s}:Users:0:Role"] = "operator",
            [$"{s}:Users:1:Name"] = Viewer,
            [$"{s}:Users:1:PasswordHash"] = ConsoleSecrets.HashPassword(ViewerPassword),
            [$"{s}:Users:1:Role"] = "viewer",
            [$"{s}:Tokens:0:Name"] = "script",
            [$"{s}:Tokens:0:Hash"] = ConsoleSecrets.HashToken(OperatorToken),
            [$"{s}:Tokens:0:Role"] = "operator",
            [$"{s}:Tokens:1:Name"] = "dashboard",
            [$"{s}:Tokens:1:Hash"] = ConsoleSecrets.HashToken(ViewerToken),
            [$"{s}:Tokens:1:Role"] = "viewer",
            // Jobs submitted with warc: true archive under here (the silo's Crawler:Warc:Directory), not the test's folder.
            ["Crawler:Warc:Directory"] = WarcDirectory,
        });
        Address = Crawler.Services.GetRequiredService<ConsoleServer>().Address ?? throw new InvalidOperationException("console not started");
    }

    public ConsoleClient Client() => new(Address);

    public async Task DisposeAsync()
    {
        await Crawler.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
