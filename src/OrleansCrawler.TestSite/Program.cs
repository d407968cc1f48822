using System.CommandLine;
using OrleansCrawler.TestSite;

// The command handles Ctrl+C and SIGTERM itself and exits 0; System.CommandLine's own handling
// would turn them into exit codes 130 and 143.
return await TestSiteCommand.CreateRoot().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
