using OrleansCrawler.LocalServers;
using YamlDotNet.RepresentationModel;

namespace OrleansCrawler.Silo.Tests;

/// <summary>docker-compose.yml as Debian's docker-compose resolves it (`docker-compose config`: env files merged,
/// variables substituted), so tests exercise the file users run, not a copy of its settings.</summary>
public sealed class ComposeFile
{
    private readonly YamlMappingNode _services;

    private ComposeFile(YamlMappingNode services) => _services = services;

    public string Text { get; private init; } = "";

    /// <param name="variables">Compose variables (the secrets docker-compose.yml requires, as deploy/secrets.sh writes
    /// them to .env).</param>
    public static async Task<ComposeFile> ResolveAsync(IReadOnlyDictionary<string, string> variables)
    {
        var exe = Binaries.Find("docker-compose", "docker-compose");
        // Variables in the environment win over a .env a developer may have beside the file.
        using var process = ChildProcess.Start("docker-compose", exe,
            ["-f", Path.Combine(Repository.Root, "docker-compose.yml"), "config"], Repository.Root,
            variables.ToDictionary(kv => kv.Key, kv => (string?)kv.Value));
        var code = await process.WaitForExitAsync(TimeSpan.FromMinutes(1));
        if (code != 0)
        {
            throw new InvalidOperationException($"docker-compose config failed ({code}):\n{process.Output}");
        }

        var yaml = new YamlStream();
        yaml.Load(new StringReader(process.Output));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        return new ComposeFile((YamlMappingNode)root["services"]) { Text = process.Output };
    }

    public IReadOnlyList<string> Services => [.. _services.Children.Keys.Select(k => ((YamlScalarNode)k).Value!)];

    public YamlMappingNode Service(string name) => (YamlMappingNode)_services[name];

    /// <summary>A service's resolved environment (env_file entries and environment merged).</summary>
    public IReadOnlyDictionary<string, string> Environment(string service)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Service(service).Children.TryGetValue("environment", out var node))
        {
            switch (node)
            {
                case YamlMappingNode map:
                    foreach (var (key, value) in map.Children)
                    {
                        result[((YamlScalarNode)key).Value!] = ((YamlScalarNode)value).Value ?? "";
                    }

                    break;
                case YamlSequenceNode list:
                    foreach (var item in list.Children.Cast<YamlScalarNode>())
                    {
                        var parts = item.Value!.Split('=', 2);
                        result[parts[0]] = parts.Length > 1 ? parts[1] : "";
                    }

                    break;
            }
        }

        return result;
    }
}
