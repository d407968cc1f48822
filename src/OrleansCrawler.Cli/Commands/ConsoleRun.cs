using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Silo.Hosting;
using OrleansCrawler.WebConsole.Auth;
using OrleansCrawler.WebConsole.Hosting;

namespace OrleansCrawler.Cli.Commands;

/// <summary><c>ocrawl run --console [PORT]</c>: the web console on this process's embedded silo, reached with a one-time
/// operator token printed at start (docs/console.md); the run then waits through pauses and stays up after the crawl
/// until Ctrl+C, so the page can be left open.</summary>
public sealed class ConsoleRun
{
    public const int DefaultPort = 8080;

    private string? _token;

    public Option<int> Port { get; } = new("--console")
    {
        Description = $"Serve the web console and /api on this port of 127.0.0.1 ({DefaultPort}); prints a one-time operator token",
        Arity = ArgumentArity.ZeroOrOne,
        CustomParser = r =>
        {
            if (r.Tokens.Count == 0)
            {
                return DefaultPort;
            }

            if (int.TryParse(r.Tokens[0].Value, out var port) && port is >= 0 and <= 65535)
            {
                return port;
            }

            r.AddError($"--console: '{r.Tokens[0].Value}' is not a TCP port (0-65535).");
            return 0;
        },
    };

    public bool IsOn(ParseResult result) => result.GetResult(Port) is { Implicit: false };

    /// <summary>The embedded silo's console settings (none without <c>--console</c>); never written to run.json.</summary>
    public Dictionary<string, string?> Settings(ParseResult result)
    {
        if (!IsOn(result))
        {
            return [];
        }

        _token = ConsoleSecrets.NewToken();
        var settings = ConsoleServiceCollectionExtensions.TokenSettings(_token, "ocrawl-run");
        settings[$"{ConsoleOptions.SectionName}:Port"] = result.GetValue(Port).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return settings;
    }

    public void Announce(EmbeddedCrawler crawler)
    {
        if (_token is not null && crawler.Services.GetService<ConsoleServer>()?.Address is { } address)
        {
            Console.Error.WriteLine($"Console: {address} (one-time operator token, for the login page or 'Authorization: Bearer': {_token})");
        }
    }

    /// <summary>With the console, a paused job is waited for (the console may resume it) rather than ending the run.</summary>
    public static async Task<JobStatus> WaitAsync(EmbeddedCrawler crawler, string jobId, bool console, Action<JobStatus> progress, CancellationToken cancellationToken)
    {
        var status = await crawler.WaitAsync(jobId, progress, cancellationToken: cancellationToken);
        while (console && status.State == JobState.Paused)
        {
            await Task.Delay(500, cancellationToken);
            status = await crawler.WaitAsync(jobId, progress, cancellationToken: cancellationToken);
        }

        return status;
    }

    /// <summary>After the crawl, keeps serving the console until Ctrl+C.</summary>
    public static async Task StayOpenAsync(EmbeddedCrawler crawler, CancellationToken cancellationToken)
    {
        Console.Error.WriteLine($"Console still on {crawler.Services.GetService<ConsoleServer>()?.Address}; Ctrl+C to stop.");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: done.
        }
    }
}
