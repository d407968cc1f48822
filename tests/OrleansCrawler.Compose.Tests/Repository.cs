namespace OrleansCrawler.Compose.Tests;

/// <summary>The repository's root, where OrleansCrawler.sln, docker-compose.yml and deploy/ are.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

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
