using System.CommandLine;
using OrleansCrawler.Cli.Commands;

var root = new RootCommand("ocrawl: a distributed web crawler on Microsoft Orleans");
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(OrleansCrawler.TestSite.TestSiteCommand.Create("testsite"));
return await root.Parse(args).InvokeAsync();
