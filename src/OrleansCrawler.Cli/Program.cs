using System.CommandLine;
using OrleansCrawler.Cli.Commands;
using OrleansCrawler.Silo.Hosting;
using OrleansCrawler.TestSite;

StartupTimeline.Mark("main");
var root = new RootCommand("ocrawl: a distributed web crawler on Microsoft Orleans");
root.Subcommands.Add(RunCommand.Create());
foreach (var command in JobCommands.Create())
{
    root.Subcommands.Add(command);
}

root.Subcommands.Add(RobotsCommand.Create());
root.Subcommands.Add(ExtractCommand.Create());
root.Subcommands.Add(TestSiteCommand.Create("testsite"));
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(BenchCommand.CreateWorker());
root.Subcommands.Add(ConsoleCommand.Create());

// Commands handle Ctrl+C/SIGTERM themselves (ShutdownSignal) so that they can stop gracefully rather than be
// cut off after System.CommandLine's default two-second grace period.
var parsed = root.Parse(args);

// Bad input is one line per problem, naming the option and the value, and exit code 2; never the help page
// (System.CommandLine's default prints the help and exits 1).
if (parsed.Errors.Count > 0 && !args.Any(a => a is "-h" or "--help" or "-?"))
{
    foreach (var message in parsed.Errors.Select(e => e.Message.ReplaceLineEndings(" ").Trim()).Distinct())
    {
        Console.Error.WriteLine($"error: {message}");
    }

    return ExitCodes.BadInput;
}

var exitCode = await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
StartupTimeline.Mark("exit");
return exitCode;
