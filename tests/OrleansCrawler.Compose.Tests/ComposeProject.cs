using OrleansCrawler.LocalServers;

namespace OrleansCrawler.Compose.Tests;

/// <summary>docker-compose.yml of the repository as one compose project: docker-compose (Debian's 1.29) with the
/// project's name and the variables the test sets, nothing else changed.</summary>
internal sealed class ComposeProject(string name, IReadOnlyDictionary<string, string> variables)
{
    private readonly string _compose = Binaries.Find("docker-compose", "docker-compose");

    public string Name { get; } = name;

    public Task<CommandResult> RunAsync(TimeSpan timeout, params string[] args) => Command.RunAsync(_compose,
        ["-p", Name, "-f", Path.Combine(Repository.Root, "docker-compose.yml"), "--project-directory", Repository.Root, .. args],
        timeout, variables, Repository.Root);

    /// <summary>`docker-compose run --rm -T --no-deps ocrawl ARGS`: the CLI container, as the README runs it, with no
    /// terminal (so standard output is the command's alone) and without starting services again (a silo the test
    /// killed stays dead).</summary>
    public Task<CommandResult> OcrawlAsync(TimeSpan timeout, params string[] args) =>
        RunAsync(timeout, ["run", "--rm", "-T", "--no-deps", "ocrawl", .. args]);

    /// <summary>`docker-compose exec -T SERVICE ARGS`.</summary>
    public Task<CommandResult> ExecAsync(string service, params string[] args) =>
        RunAsync(TimeSpan.FromMinutes(1), ["exec", "-T", service, .. args]);

    /// <summary>One SQL answer from the silos' PostgreSQL, through psql in its container.</summary>
    public async Task<string> QueryAsync(string sql) =>
        (await ExecAsync("postgres", "psql", "-U", "ocrawl", "-d", "ocrawl", "-tAc", sql)).EnsureSuccess().Stdout.Trim();

    /// <summary>The services' logs, each line as (container, text): "silo_2", "info: ...".</summary>
    public async Task<IReadOnlyList<(string Container, string Text)>> LogsAsync(string service)
    {
        var logs = (await RunAsync(TimeSpan.FromMinutes(2), "logs", "--no-color", service)).EnsureSuccess().Stdout;
        var lines = new List<(string, string)>();
        foreach (var line in logs.Split('\n'))
        {
            var bar = line.IndexOf(" | ", StringComparison.Ordinal);
            if (bar > 0)
            {
                lines.Add((line[..bar].Trim(), line[(bar + 3)..].TrimEnd('\r')));
            }
        }

        return lines;
    }

    /// <summary>Removes the project's containers, networks and volumes.</summary>
    public Task<CommandResult> DownAsync() => RunAsync(TimeSpan.FromMinutes(3), "down", "-v", "--remove-orphans", "--timeout", "10");
}
