using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.WebConsole.Auth;
using OrleansCrawler.WebConsole.Hosting;

namespace OrleansCrawler.WebConsole.Tests;

/// <summary>Password and token guessing over real HTTP: a console of its own per test (on the fixture's silo), with small
/// limits and a short window, so the test sees the 429 and then the window's end.</summary>
public class LoginRateLimitTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(6);

    private async Task<(ConsoleServer Server, ConsoleClient Client)> StartAsync(int perIp, int perName, int badTokens)
    {
        var options = new ConsoleOptions
        {
            Port = 0,
            Users = [new ConsoleUser { Name = ConsoleFixture.Operator, PasswordHash = ConsoleSecrets.HashPassword(ConsoleFixture.OperatorPassword), Role = "operator" }],
            Tokens = [new ConsoleToken { Name = "script", Hash = ConsoleSecrets.HashToken(fixture.OperatorToken), Role = "operator" }],
            LoginAttemptsPerIp = perIp,
            LoginAttemptsPerName = perName,
            BadTokensPerIp = badTokens,
            LoginWindow = Window,
        };
        ConsoleServiceCollectionExtensions.Validate(options);
        var server = new ConsoleServer(options, fixture.Crawler.Grains, fixture.Crawler.Services.GetRequiredService<IHostSummaryStore>(), NullLoggerFactory.Instance);
        await server.StartAsync(CancellationToken.None);
        return (server, new ConsoleClient(server.Address!));
    }

    /// <summary>Sends <paramref name="attempt"/> until it answers 429 (at most twice the limit plus one: a fixed window may
    /// end between two attempts once); returns how many were let through and the 429's Retry-After.</summary>
    private static async Task<(int Allowed, TimeSpan RetryAfter)> UntilRefusedAsync(Func<Task<HttpResponseMessage>> attempt, int limit, HttpStatusCode allowed)
    {
        for (var sent = 0; sent <= 2 * limit; sent++)
        {
            using var response = await attempt();
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
                Assert.Contains("too many", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
                return (sent, response.Headers.RetryAfter?.Delta ?? throw new Xunit.Sdk.XunitException("429 without Retry-After"));
            }

            Assert.Equal(allowed, response.StatusCode);
        }

        throw new Xunit.Sdk.XunitException($"never refused after {2 * limit + 1} attempts");
    }

    private static Task<HttpResponseMessage> Login(ConsoleClient client, string name, string password) =>
        client.Http.PostAsJsonAsync("/api/login", new { name, password });

    /// <summary>Waits out the window, then retries <paramref name="attempt"/> until it stops answering 429 (bounded).</summary>
    private static async Task<HttpResponseMessage> AfterTheWindowAsync(TimeSpan retryAfter, Func<Task<HttpResponseMessage>> attempt)
    {
        await Task.Delay(retryAfter);
        for (var tries = 0; ; tries++)
        {
            var response = await attempt();
            if (response.StatusCode != HttpStatusCode.TooManyRequests || tries == 20)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(500);
        }
    }

    [Fact]
    public async Task WrongPasswords_ForOneName_Get429WithRetryAfter_ThenTheRightOneWorksAfterTheWindow()
    {
        var (server, client) = await StartAsync(perIp: 1000, perName: 3, badTokens: 1000);
        await using var _ = server;
        using var __ = client;

        var (allowed, retryAfter) = await UntilRefusedAsync(() => Login(client, ConsoleFixture.Operator, "guess"), 3, HttpStatusCode.Unauthorized);

        Assert.InRange(allowed, 3, 6);
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), Window);
        // Locked while the window lasts, even with the right password; another name is not.
        using (var locked = await Login(client, ConsoleFixture.Operator, ConsoleFixture.OperatorPassword))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        }

        using (var other = await Login(client, "someone-else", "guess"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
        }

        using var after = await AfterTheWindowAsync(retryAfter, () => Login(client, ConsoleFixture.Operator, ConsoleFixture.OperatorPassword));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task LoginsFromOneAddress_AnyName_Get429_ThenWorkAfterTheWindow()
    {
        var (server, client) = await StartAsync(perIp: 4, perName: 1000, badTokens: 1000);
        await using var _ = server;
        using var __ = client;
        var names = 0;

        var (allowed, retryAfter) = await UntilRefusedAsync(() => Login(client, $"name-{names++}", "guess"), 4, HttpStatusCode.Unauthorized);

        Assert.InRange(allowed, 4, 8);
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), Window);
        using (var locked = await Login(client, ConsoleFixture.Operator, ConsoleFixture.OperatorPassword))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        }

        using var after = await AfterTheWindowAsync(retryAfter, () => Login(client, ConsoleFixture.Operator, ConsoleFixture.OperatorPassword));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task WrongTokens_FromOneAddress_Get429_RightTokensDoNotCount_AndWorkAgainAfterTheWindow()
    {
        var (server, client) = await StartAsync(perIp: 1000, perName: 1000, badTokens: 3);
        await using var _ = server;
        using var __ = client;
        using var script = new ConsoleClient(server.Address!);
        script.UseToken(fixture.OperatorToken);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await script.Http.GetAsync("/api/me")).StatusCode);
        }

        client.UseToken(ConsoleSecrets.NewToken());
        var (allowed, retryAfter) = await UntilRefusedAsync(() => client.Http.GetAsync("/api/me"), 3, HttpStatusCode.Unauthorized);

        Assert.InRange(allowed, 3, 6);
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), Window);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await script.Http.GetAsync("/api/me")).StatusCode);
        using var after = await AfterTheWindowAsync(retryAfter, () => script.Http.GetAsync("/api/me"));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}
