using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrleansCrawler.Abstractions.Frontier;
using OrleansCrawler.LocalServers;
using OrleansCrawler.Silo.Hosting;
using OrleansCrawler.TestSite;
using OrleansCrawler.WebConsole.Api;
using OrleansCrawler.WebConsole.Auth;
using OrleansCrawler.WebConsole.Hosting;

namespace OrleansCrawler.WebConsole.Tests;

/// <summary>The hosts view of an ended job with the PostgreSQL store (as the compose cluster runs): a silo of its own on a
/// real PostgreSQL; once its partitions are collected, each has left a row in <c>partition_hosts</c> and the view shows
/// every seed host from there.</summary>
public sealed class PostgresConsoleHostsTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("ocrawl-console-pg-").FullName;
    private readonly string _token = ConsoleSecrets.NewToken();
    private PostgresServer _postgres = null!;
    private string _connectionString = "";
    private EmbeddedCrawler _crawler = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        _connectionString = await _postgres.CreateDatabaseAsync();
        var settings = new Dictionary<string, string?>(ConsoleServiceCollectionExtensions.TokenSettings(_token))
        {
            [$"{ConsoleOptions.SectionName}:Port"] = "0",
            ["Crawler:Storage:Provider"] = "Postgres",
            ["Crawler:Storage:Postgres"] = _connectionString,
        };
        _crawler = await EmbeddedCrawler.StartAsync(_dataDirectory, settings);
    }

    [Fact]
    public async Task Hosts_OfAnEndedJob_AfterItsPartitionsLeftMemory_ComeFromPostgres()
    {
        await using var web = await TestWeb.StartAsync(new TestWebOptions { Pages = 80, Hosts = 4, Seed = 67 });
        using var client = new ConsoleClient(_crawler.Services.GetRequiredService<ConsoleServer>().Address!);
        client.UseToken(_token);
        Assert.Equal(HttpStatusCode.Created, (await client.SubmitAsync(new SubmitRequest(string.Join('\n', web.Seeds), "pg-hosts", DelayMs: 0,
            Partitions: 16))).StatusCode);
        Assert.Equal("completed", (await client.WaitForAsync("pg-hosts", j => j.State != "running", TimeSpan.FromMinutes(3))).State);

        await _crawler.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        for (var i = 0; i < 100 && (await JobsApi.PartitionsInMemoryAsync(_crawler.Grains, "pg-hosts")).Count > 0; i++)
        {
            await Task.Delay(100);
        }

        Assert.Empty(await JobsApi.PartitionsInMemoryAsync(_crawler.Grains, "pg-hosts"));
        await using (var connection = new NpgsqlConnection(_connectionString))
        {
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM partition_hosts WHERE job = 'pg-hosts'", connection);
            Assert.Equal(16L, await count.ExecuteScalarAsync());
        }

        using var response = await client.Http.GetAsync("/api/jobs/pg-hosts/hosts");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var hosts = await response.Content.ReadFromJsonAsync<List<HostView>>(ConsoleClient.Json) ?? [];
        Assert.Equal("0/16", response.Headers.GetValues(JobsApi.PartitionsAskedHeader).Single());
        Assert.Equal("16", response.Headers.GetValues(JobsApi.PartitionsStoredHeader).Single());
        Assert.Equal(web.Seeds.Select(s => new Uri(s).Authority).Order(StringComparer.Ordinal), hosts.Select(h => h.Authority).Order(StringComparer.Ordinal));
        Assert.All(hosts, h => Assert.Equal((0, 0, "active"), (h.Queued, h.Workers, h.State)));
        Assert.All(hosts, h => Assert.NotNull(h.SavedAt));
        Assert.All(hosts, h => Assert.NotNull(h.Robots));
        Assert.Empty(await JobsApi.PartitionsInMemoryAsync(_crawler.Grains, "pg-hosts"));
    }

    public async Task DisposeAsync()
    {
        await _crawler.DisposeAsync();
        await _postgres.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
