namespace OrleansCrawler.LocalServers;

/// <summary>Finds installed server programs. A missing one is an error naming the Debian package to install:
/// the tests and <c>ocrawl bench</c> need them, and a silent skip would only hide a broken set-up.</summary>
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

        throw new MissingBinaryException(name, debianPackage);
    }

    public static string[] PostgresBinDirectories() =>
        Directory.Exists("/usr/lib/postgresql")
            ? [.. Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin"))]
            : [];

    public static bool RunningAsRoot => Environment.UserName == "root";
}

/// <summary>A server program is not installed; the message says which Debian package provides it.</summary>
public sealed class MissingBinaryException(string name, string debianPackage)
    : InvalidOperationException($"'{name}' is not installed: apt-get install {debianPackage}")
{
    public string Name { get; } = name;

    public string DebianPackage { get; } = debianPackage;
}
