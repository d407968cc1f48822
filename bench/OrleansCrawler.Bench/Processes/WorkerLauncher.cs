using System.Diagnostics;
using System.Reflection;

namespace OrleansCrawler.Bench.Processes;

/// <summary>How to start a worker process: the program and the arguments before the worker's own, e.g.
/// <c>ocrawl bench-worker</c> or <c>dotnet ocrawl.dll bench-worker</c>.</summary>
public sealed record WorkerLauncher(string FileName, IReadOnlyList<string> PrefixArguments)
{
    public const string DefaultSubcommand = "bench-worker";

    /// <summary>This very program again (the apphost, or <c>dotnet</c> with the entry assembly), with the subcommand.</summary>
    public static WorkerLauncher ForCurrentProcess(string subcommand = DefaultSubcommand)
    {
        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this program is unknown.");
        if (Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            var entry = Assembly.GetEntryAssembly()?.Location;
            if (string.IsNullOrEmpty(entry))
            {
                throw new InvalidOperationException("Running under dotnet without an entry assembly path: cannot start workers.");
            }

            return new WorkerLauncher(processPath, [entry, subcommand]);
        }

        return new WorkerLauncher(processPath, [subcommand]);
    }

    /// <summary><c>dotnet ASSEMBLY SUBCOMMAND</c>, e.g. for tests that run the built <c>ocrawl.dll</c>.</summary>
    public static WorkerLauncher ForAssembly(string assemblyPath, string subcommand = DefaultSubcommand) =>
        new("dotnet", [assemblyPath, subcommand]);

    public ProcessStartInfo CreateStartInfo(IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in PrefixArguments.Concat(arguments))
        {
            info.ArgumentList.Add(a);
        }

        return info;
    }
}
