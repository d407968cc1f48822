using System.CommandLine;
using OrleansCrawler.Cli.Commands;
using OrleansCrawler.TestSite;

var root = new RootCommand("ocrawl: a distributed web crawler on Microsoft Orleans");
root.Subcommands.Add(RunCommand.Create());
foreach (var command in JobCommands.Create())
{
    root.Subcommands.Add(command);
}

root.Subcommands.Add(RobotsCommand.Create());
root.Subcommands.Add(TestSiteCommand.Create("testsite"));
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(BenchCommand.CreateWorker());

// Commands handle Ctrl+C/SIGTERM themselves (ShutdownSignal) so that they can stop gracefully rather than be
// cut off after System.CommandLine's default two-second grace period.
var parsed = root.Parse(args);
// Bad input on the command line: one line per error, each naming the option and value, and exit code 2 (not the
// parser's default 1 after the whole help text).
if (parsed.Errors.Count > 0 && !args.Any(a => a is "-h" or "--help" or "-?"))
{
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine($"error: {error.Message}");
    }

    return ExitCodes.BadInput;
}

return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
