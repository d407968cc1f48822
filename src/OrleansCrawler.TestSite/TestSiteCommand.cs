using System.CommandLine;
using System.CommandLine.Parsing;
using System.Runtime.InteropServices;
using OrleansCrawler.TestSite.Hosting;

namespace OrleansCrawler.TestSite;

/// <summary>
/// The <c>testsite</c> command: starts a <see cref="TestWeb"/>, writes its seeds and truth if asked,
/// prints the seed URLs and "ready", and serves until Ctrl+C or SIGTERM, then exits 0. Invoke it
/// with <c>InvocationConfiguration.ProcessTerminationTimeout = null</c>: System.CommandLine's own
/// signal handling would report exit code 130/143 instead.
/// </summary>
public static class TestSiteCommand
{
    /// <summary>A subcommand, for example <c>ocrawl testsite</c>.</summary>
    public static Command Create(string name = "testsite") =>
        Configure(new Command(name, "Serve the synthetic test web on loopback until stopped."));

    /// <summary>The same command as the root of the TestSite executable.</summary>
    public static RootCommand CreateRoot() =>
        Configure(new RootCommand("Serve the OrleansCrawler synthetic test web on loopback until stopped."));

    private static T Configure<T>(T command)
        where T : Command
    {
        var defaults = new TestWebOptions();
        var pages = new Option<int>("--pages")
        {
            Description = "Total HTML pages over all hosts.",
            DefaultValueFactory = _ => defaults.Pages,
        };
        pages.Validators.Add(r => AtLeast(r, pages, 1));
        var hosts = new Option<int>("--hosts")
        {
            Description = "Number of hosts, each with its own port (or address with --distinct-ips).",
            DefaultValueFactory = _ => defaults.Hosts,
        };
        hosts.Validators.Add(r => AtLeast(r, hosts, 1));
        var seed = new Option<int>("--seed")
        {
            Description = "Seed of the generated graph and text.",
            DefaultValueFactory = _ => defaults.Seed,
        };
        var latency = new Option<TimeSpan>("--latency")
        {
            Description = "Delay added to every response: 50ms, 1s, or a number of milliseconds.",
            CustomParser = ParseLatency,
        };
        var distinctIps = new Option<bool>("--distinct-ips")
        {
            Description = "Host i listens on 127.0.0.(i+2) instead of all hosts on 127.0.0.1.",
        };
        var seedsOut = new Option<FileInfo?>("--seeds-out") { Description = "Write the seed URLs to this file, one a line." };
        var truthOut = new Option<FileInfo?>("--truth-out") { Description = "Write the truth set (reachable, allowed page URLs) to this file." };
        var requestLog = new Option<FileInfo?>("--request-log") { Description = "Append every request to this file (TSV)." };
        var bind = new Option<string>("--bind")
        {
            Description = "Address the hosts listen on (default 127.0.0.1; 0.0.0.0 in a container, with --host-name).",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        bind.Validators.Add(r =>
        {
            if (!System.Net.IPAddress.TryParse(r.GetValueOrDefault<string>(), out _))
            {
                r.AddError($"--bind: '{r.GetValueOrDefault<string>()}' is not an IP address.");
            }
        });
        var hostName = new Option<string?>("--host-name") { Description = "Host name used in the web's URLs instead of the address, e.g. testsite." };
        var articles = new Option<int>("--articles") { Description = "Percent (0-100) of pages served as article pages: a known article in a news site's boilerplate (default 0)." };
        articles.Validators.Add(r =>
        {
            int value = r.GetValueOrDefault<int>();
            if (value is < 0 or > 100)
            {
                r.AddError($"--articles must be 0 to 100 (a percentage), got {value}.");
            }
        });
        // Product pages (--products, for field extraction: docs/fields.md).
        var products = new Option<int>("--products") { Description = "Percent (0-100) of the other pages served as product pages with known fields: name, price, rating, tags (default 0)." };
        products.Validators.Add(r =>
        {
            int value = r.GetValueOrDefault<int>();
            if (value is < 0 or > 100)
            {
                r.AddError($"--products must be 0 to 100 (a percentage), got {value}.");
            }
        });
        var basePort = new Option<int>("--base-port") { Description = "Host i listens on port BASE+i (default: free ports)." };
        var faults = new Option<string[]>("--fault")
        {
            Description = "Switch a fault on for a host: HOST=MODE, e.g. 3=retry-after-seconds (repeatable). Modes: "
                + string.Join(", ", Enum.GetValues<FaultMode>().Skip(1).Select(KebabCase)) + ".",
            AllowMultipleArgumentsPerToken = false,
        };
        faults.Validators.Add(r =>
        {
            foreach (var token in r.Tokens)
            {
                if (!HostFault.TryParse(token.Value, out _, out _))
                {
                    r.AddError($"--fault: '{token.Value}' is not HOST=MODE with a known mode (e.g. 3=retry-after-seconds).");
                }
            }
        });

        command.Options.Add(pages);
        command.Options.Add(hosts);
        command.Options.Add(seed);
        command.Options.Add(latency);
        command.Options.Add(distinctIps);
        command.Options.Add(seedsOut);
        command.Options.Add(truthOut);
        command.Options.Add(requestLog);
        command.Options.Add(faults);
        command.Options.Add(bind);
        command.Options.Add(hostName);
        command.Options.Add(basePort);
        command.Options.Add(articles);
        command.Options.Add(products);
        command.Validators.Add(result =>
        {
            // Only when both values parsed; a value that did not parse already has its own error.
            if (!TryGetValue(result, pages, out int p) || !TryGetValue(result, hosts, out int h)
                || !TryGetValue(result, distinctIps, out bool distinct) || p < 1 || h < 1)
            {
                return;
            }

            if (p < h)
            {
                result.AddError($"--pages ({p}) must be at least --hosts ({h}): every host has a root page.");
            }

            foreach (var text in result.GetValue(faults) ?? [])
            {
                if (HostFault.TryParse(text, out int faultHost, out _) && faultHost >= h)
                {
                    result.AddError($"--fault: '{text}' names host {faultHost}; hosts are 0 to {h - 1}.");
                }
            }

            if (distinct && h > TestWebOptions.MaxDistinctIpHosts)
            {
                result.AddError($"--hosts ({h}) must be at most {TestWebOptions.MaxDistinctIpHosts} with --distinct-ips.");
            }
        });

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var options = new TestWebOptions
            {
                Pages = parseResult.GetValue(pages),
                Hosts = parseResult.GetValue(hosts),
                Seed = parseResult.GetValue(seed),
                Latency = parseResult.GetValue(latency),
                DistinctIps = parseResult.GetValue(distinctIps),
                RequestLogPath = parseResult.GetValue(requestLog)?.FullName,
                Faults = ParseFaults(parseResult.GetValue(faults)),
                BindAddress = System.Net.IPAddress.Parse(parseResult.GetValue(bind)!),
                HostName = parseResult.GetValue(hostName),
                BasePort = parseResult.GetValue(basePort),
                ArticlePercent = parseResult.GetValue(articles),
                ProductPercent = parseResult.GetValue(products),
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentException ex)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"error: {ex.Message}");
                return 1;
            }

            return await RunAsync(options, parseResult.GetValue(seedsOut), parseResult.GetValue(truthOut), output, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(TestWebOptions options, FileInfo? seedsOut, FileInfo? truthOut, TextWriter output, CancellationToken cancellationToken)
    {
        // Ctrl+C and SIGTERM mean "stop serving", a normal end (exit 0).
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        await using var web = await TestWeb.StartAsync(options, cancellationToken);
        if (seedsOut is not null)
        {
            await File.WriteAllLinesAsync(seedsOut.FullName, web.Seeds, cancellationToken);
        }

        if (truthOut is not null)
        {
            await File.WriteAllLinesAsync(truthOut.FullName, web.ComputeTruth(), cancellationToken);
        }

        foreach (string url in web.Seeds)
        {
            await output.WriteLineAsync(url);
        }

        await output.WriteLineAsync("ready");
        await output.FlushAsync(cancellationToken);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or SIGTERM: stop cleanly below.
        }

        await web.StopAsync();
        return 0;

        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    private static Dictionary<int, HostFault> ParseFaults(string[]? texts)
    {
        var faults = new Dictionary<int, HostFault>();
        foreach (var text in texts ?? [])
        {
            if (HostFault.TryParse(text, out int host, out var fault))
            {
                faults[host] = fault;
            }
        }

        return faults;
    }

    private static string KebabCase(FaultMode mode) =>
        string.Concat(mode.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static bool TryGetValue<TValue>(CommandResult result, Option<TValue> option, out TValue value)
    {
        try
        {
            value = result.GetValue(option)!;
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default!;
            return false;
        }
    }

    private static void AtLeast(OptionResult result, Option<int> option, int minimum)
    {
        int value = result.GetValueOrDefault<int>();
        if (value < minimum)
        {
            result.AddError($"{option.Name} must be at least {minimum}, got {value}.");
        }
    }

    private static TimeSpan ParseLatency(ArgumentResult result)
    {
        string? text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : null;
        if (DurationParser.TryParse(text, out var duration))
        {
            return duration;
        }

        result.AddError($"--latency: '{text}' is not a duration; use e.g. 50ms, 1s or 250 (milliseconds).");
        return TimeSpan.Zero;
    }
}
