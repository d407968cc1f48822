namespace OrleansCrawler.Testing;

/// <summary>Finds installed server programs. A missing one fails the test with what to install: CI (.ci/run)
/// installs them, so a silent skip would only hide a broken set-up.</summary>
public static class Binaries
{
    public static string Find(string name, string debianPackage, params string[] extraDirectories)
    {
        var path = Environment.GetEnvironmentVariable("PATH")?.Split(':') ?? [];
        foreach (var dir in path.Concat(extraDirectories).Concat(["/usr/bin", "/usr/sbin", "/usr/local/bin"]))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"'{name}' is not installed: apt-get install {debianPackage} (.ci/run does this).");
    }

    public static string[] PostgresBinDirectories() =>
        Directory.Exists("/usr/lib/postgresql")
            ? [.. Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin"))]
            : [];

    public static bool RunningAsRoot => Environment.UserName == "root";
}
