namespace OrleansCrawler.Silo.Tests;

/// <summary>The repository's root (where OrleansCrawler.sln is) and the programs built beside the tests.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The silo as its own project built it (same configuration as these tests): its runtimeconfig
    /// and deps are its own, unlike the copy beside the tests, and appsettings.json sits beside it.</summary>
    public static string SiloDll => Path.Combine(SiloDirectory, "OrleansCrawler.Silo.dll");

    public static string SiloDirectory => Path.Combine(Root, "src", "OrleansCrawler.Silo", "bin", Configuration, "net10.0");

    private static string Configuration =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string OcrawlDll => Path.Combine(AppContext.BaseDirectory, "ocrawl.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OrleansCrawler.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("OrleansCrawler.sln not found above " + AppContext.BaseDirectory);
    }
}
