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
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
