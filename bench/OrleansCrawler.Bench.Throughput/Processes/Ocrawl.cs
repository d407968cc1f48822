using OrleansCrawler.Bench.Cluster;

namespace OrleansCrawler.Bench.Throughput.Processes;

/// <summary>Where the crawler program is: <c>ocrawl.dll</c>, run as <c>dotnet ocrawl.dll ...</c>. The harness
/// references the CLI project, so a build of the harness builds ocrawl in the same configuration and copies it here.</summary>
public static class Ocrawl
{
    /// <summary>Overrides the search: <c>ocrawl.dll</c> or its folder.</summary>
    public const string EnvironmentVariable = "OCRAWL_CLI";

    public const string DllName = "ocrawl.dll";

    /// <exception cref="BenchSetupException">No built ocrawl was found.</exception>
    public static string Find(string? baseDirectory = null)
    {
        var overridden = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(overridden))
        {
            var candidate = Directory.Exists(overridden) ? Path.Combine(overridden, DllName) : overridden;
            return File.Exists(candidate) ? Path.GetFullPath(candidate) : throw new BenchSetupException($"{EnvironmentVariable}={overridden}: no {DllName} there.");
        }

        var beside = Path.Combine(baseDirectory ?? AppContext.BaseDirectory, DllName);
        return File.Exists(beside) && File.Exists(Path.ChangeExtension(beside, ".runtimeconfig.json"))
            ? beside
            : throw new BenchSetupException($"{DllName} is not beside the harness ({beside}): build it with " +
                "`dotnet build bench/OrleansCrawler.Bench.Throughput -c Release`, or set " + EnvironmentVariable + ".");
    }

    /// <summary>The build configuration the harness was built in (the folder above net10.0), for the report.</summary>
    public static string Configuration =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name ?? "?";
}
