using System.Text.Json;

namespace OrleansCrawler.Cli.Commands;

/// <summary>What <c>ocrawl run --resume</c> needs besides the stores: the job id, the silo settings the crawl was
/// started with (fetcher, politeness, tracing flags) and, for <c>--demo</c>, how to start the same demo web again.
/// Written as <c>run.json</c> in the data folder when a run starts; the job spec itself is in the job store.</summary>
public sealed record RunManifest(string JobId, Dictionary<string, string?> Settings, DemoManifest? Demo)
{
    public const string FileName = "run.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    public void Write(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = PathIn(dataDirectory);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this, Json));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The manifest in the folder, or null when there is none (or it cannot be read).</summary>
    public static RunManifest? TryRead(string dataDirectory)
    {
        try
        {
            return File.Exists(PathIn(dataDirectory)) ? Read(dataDirectory) : null;
        }
        catch (RunManifestException)
        {
            return null;
        }
    }

    /// <exception cref="RunManifestException">No crawl in the folder, or its run.json is damaged (the message names it).</exception>
    public static RunManifest Read(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        if (!File.Exists(path))
        {
            throw new RunManifestException($"{path}: not found; there is no crawl to resume in {dataDirectory} (start one with ocrawl run SEEDS_FILE --data {dataDirectory}).");
        }

        try
        {
            var manifest = JsonSerializer.Deserialize<RunManifest>(File.ReadAllText(path), Json);
            if (manifest is null || string.IsNullOrWhiteSpace(manifest.JobId))
            {
                throw new RunManifestException($"{path}: no job id in it.");
            }

            return manifest with { Settings = manifest.Settings ?? [] };
        }
        catch (JsonException ex)
        {
            throw new RunManifestException($"{path}: not a valid run manifest ({ex.Message}).");
        }
    }
}

/// <summary>The demo web of a <c>--demo</c> run: its size and the port of its first host.</summary>
public sealed record DemoManifest(int Pages, int Hosts, int BasePort);

public sealed class RunManifestException(string message) : Exception(message);
