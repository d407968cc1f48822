namespace OrleansCrawler.Infrastructure.Tests;

/// <summary>A fresh folder under the system temp folder, deleted at dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("ocrawl-test-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a file still held open leaves the folder behind in temp.
        }
    }
}
