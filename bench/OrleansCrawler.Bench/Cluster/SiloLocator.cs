namespace OrleansCrawler.Bench.Cluster;

/// <summary>Finds the silo program that the cluster rows start, <c>OrleansCrawler.Silo.dll</c> as the silo's own
/// project built it. Not the copy beside <c>ocrawl</c>: that one comes with ocrawl's runtimeconfig and deps, which
/// lack what the silo needs, so it does not start. The bench runs from a source checkout
/// (<c>dotnet run --project src/OrleansCrawler.Cli -c Release -- bench</c>), which builds the silo project too.</summary>
public static class SiloLocator
{
    /// <summary>Overrides the search: the silo's dll, or the folder it is in (e.g. a <c>dotnet publish</c> output).</summary>
    public const string EnvironmentVariable = "OCRAWL_SILO";

    public const string DllName = "OrleansCrawler.Silo.dll";

    /// <summary>The silo's dll: <see cref="EnvironmentVariable"/> if set, else
    /// <c>src/OrleansCrawler.Silo/bin/&lt;configuration&gt;/net10.0</c> of the checkout that <paramref name="baseDirectory"/>
    /// (default: this program's folder) is in, the configuration this program was built in first.</summary>
    /// <exception cref="BenchSetupException">No silo build is found; the message says how to get one.</exception>
    public static string Find(string? baseDirectory = null)
    {
        var overridden = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(overridden))
        {
            var candidate = Directory.Exists(overridden) ? Path.Combine(overridden, DllName) : overridden;
            return File.Exists(candidate)
                ? Path.GetFullPath(candidate)
                : throw new BenchSetupException($"{EnvironmentVariable}={overridden}: no {DllName} there.");
        }

        var start = new DirectoryInfo(baseDirectory ?? AppContext.BaseDirectory);
        var root = FindCheckout(start) ?? throw new BenchSetupException(
            $"the silo processes of the orleans mode run from a source checkout, and {start.FullName} is not in one: " +
            $"run `dotnet run --project src/OrleansCrawler.Cli -c Release -- bench` in the repository, or set {EnvironmentVariable} to a built {DllName}.");
        var configurations = new List<string>();
        if (start.Parent is { } parent && start.Name.StartsWith("net", StringComparison.Ordinal))
        {
            configurations.Add(parent.Name); // .../bin/Release/net10.0
        }

        configurations.AddRange(["Release", "Debug"]);
        var tried = new List<string>();
        foreach (var configuration in configurations.Distinct(StringComparer.Ordinal))
        {
            var candidate = Path.Combine(root, "src", "OrleansCrawler.Silo", "bin", configuration, "net10.0", DllName);
            if (File.Exists(candidate) && File.Exists(Path.ChangeExtension(candidate, ".runtimeconfig.json")))
            {
                return candidate;
            }

            tried.Add(candidate);
        }

        throw new BenchSetupException($"the silo is not built (looked for {string.Join(", ", tried)}): " +
            "`dotnet run --project src/OrleansCrawler.Cli -c Release -- bench` builds it, or `dotnet build src/OrleansCrawler.Silo -c Release`.");
    }

    private static string? FindCheckout(DirectoryInfo? dir)
    {
        for (; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OrleansCrawler.sln")) && Directory.Exists(Path.Combine(dir.FullName, "src", "OrleansCrawler.Silo")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}

/// <summary>The cluster rows cannot run on this machine: a program is missing. The message says what to do.</summary>
public sealed class BenchSetupException(string message, Exception? inner = null) : Exception(message, inner);
