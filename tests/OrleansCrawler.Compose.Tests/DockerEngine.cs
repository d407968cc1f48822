using OrleansCrawler.LocalServers;

namespace OrleansCrawler.Compose.Tests;

/// <summary>A Docker engine for the test: the one running, else dockerd started here and stopped at dispose. Started
/// here it gets no default bridge, no iptables rules, no IP forwarding and no masquerading (forwarding also switched
/// off in the kernel first): containers reach each other on the compose project's own network and this machine
/// reaches their published ports through Docker's userland proxy, and nothing is routed anywhere else.</summary>
internal sealed class DockerEngine : IAsyncDisposable
{
    private static readonly string[] DaemonArguments =
        ["--storage-driver=overlay2", "--bridge=none", "--iptables=false", "--ip-forward=false", "--ip-masq=false"];

    private readonly ChildProcess? _daemon;

    private DockerEngine(string docker, ChildProcess? daemon, string versions)
    {
        Docker = docker;
        _daemon = daemon;
        Versions = versions;
    }

    /// <summary>The docker client used (the first on PATH).</summary>
    public string Docker { get; }

    /// <summary>Client and server versions and the API version they speak.</summary>
    public string Versions { get; }

    public bool StartedHere => _daemon is not null;

    public static async Task<DockerEngine> StartAsync(Action<string> log)
    {
        var docker = Binaries.Find("docker", "docker.io");
        var probe = await ProbeAsync(docker);
        if (probe.ExitCode == 0)
        {
            log($"using the Docker engine already running: {probe.Stdout.Trim()}");
            return new DockerEngine(docker, null, probe.Stdout.Trim());
        }

        if (!Binaries.RunningAsRoot)
        {
            throw new InvalidOperationException(
                $"No Docker engine answers ({probe.Stderr.Trim()}) and this test cannot start one: dockerd needs root.");
        }

        var dockerd = Binaries.Find("dockerd", "docker.io");
        var sysctl = Binaries.Find("sysctl", "procps");
        (await Command.RunAsync(sysctl, ["-w", "net.ipv4.ip_forward=0"], TimeSpan.FromSeconds(30))).EnsureSuccess();
        log($"starting dockerd {string.Join(' ', DaemonArguments)}");
        var daemon = ChildProcess.Start("dockerd", dockerd, DaemonArguments);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            probe = await ProbeAsync(docker);
            if (probe.ExitCode == 0)
            {
                log($"dockerd up: {probe.Stdout.Trim()}");
                return new DockerEngine(docker, daemon, probe.Stdout.Trim());
            }

            if (daemon.HasExited || DateTime.UtcNow > deadline)
            {
                var why = daemon.HasExited ? $"dockerd exited with code {daemon.ExitCode}" : "dockerd did not answer within 90 s";
                var output = CommandResult.Tail(daemon.Output, 30);
                await StopAsync(daemon);
                throw new InvalidOperationException($"The Docker engine could not be started: {why}. Its output:\n{output}");
            }

            await Task.Delay(500);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_daemon is not null)
        {
            await StopAsync(_daemon);
        }
    }

    private static Task<CommandResult> ProbeAsync(string docker) => Command.RunAsync(docker,
        ["version", "--format", "client {{.Client.Version}} (API {{.Client.APIVersion}}), server {{.Server.Version}} (API {{.Server.APIVersion}})"],
        TimeSpan.FromSeconds(30));

    /// <summary>SIGTERM, then up to a minute for dockerd to stop its containerd; killed after that.</summary>
    private static async Task StopAsync(ChildProcess daemon)
    {
        using (daemon)
        {
            if (daemon.HasExited)
            {
                return;
            }

            daemon.Terminate();
            try
            {
                await daemon.WaitForExitAsync(TimeSpan.FromMinutes(1));
            }
            catch (TimeoutException)
            {
                // WaitForExitAsync killed it.
            }
        }
    }
}
