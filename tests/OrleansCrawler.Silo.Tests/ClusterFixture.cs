using Npgsql;
using OrleansCrawler.LocalServers;

namespace OrleansCrawler.Silo.Tests;

/// <summary>The compose topology as local processes: a real Redis and PostgreSQL, and three silo processes
/// started with the silo service's resolved docker-compose environment. Only what compose's network provides
/// is replaced: the service host names (redis, postgres) by local addresses, and the fixed in-container ports
/// by free ports, since the three silos share one address here.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const int SiloCount = 3;
    private readonly List<ChildProcess> _silos = [];
    private readonly Dictionary<ChildProcess, int> _siloPorts = [];

    public RedisServer Redis { get; private set; } = null!;

    public PostgresServer Postgres { get; private set; } = null!;

    public ComposeFile Compose { get; private set; } = null!;

    public string WorkDirectory { get; } = Directory.CreateTempSubdirectory("ocrawl-cluster-").FullName;

    /// <summary>The cluster's address without its password: <see cref="Ocrawl"/> passes the password as
    /// OCRAWL_REDIS_PASSWORD, as the compose file's ocrawl service does.</summary>
    public string ClusterAddress => $"redis://{Redis.Address}";

    /// <summary>The address with the password in it (<c>redis://:PASSWORD@HOST:PORT</c>), for in-process clients.</summary>
    public string AuthenticatedAddress => $"redis://:{Secrets["OCRAWL_REDIS_PASSWORD"]}@{Redis.Address}";

    /// <summary>The web console's operator token (its SHA-256 is the compose variable, as deploy/secrets.sh writes it).</summary>
    public string ConsoleToken { get; } = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");

    /// <summary>The secrets docker-compose.yml requires, random per fixture as deploy/secrets.sh makes them.</summary>
    public IReadOnlyDictionary<string, string> Secrets => _secrets ??= new Dictionary<string, string>
    {
        ["OCRAWL_REDIS_PASSWORD"] = "redis" + Guid.NewGuid().ToString("N"),
        ["OCRAWL_POSTGRES_PASSWORD"] = "pg" + Guid.NewGuid().ToString("N"),
        ["OCRAWL_CONSOLE_TOKEN_HASH"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(ConsoleToken))),
    };

    private Dictionary<string, string>? _secrets;

    public IReadOnlyDictionary<string, string> SiloEnvironment { get; private set; } = null!;

    /// <summary>The cluster CA's certificate (PEM).</summary>
    public string CaCertificate { get; private set; } = null!;

    /// <summary>The silos' PEM bundle (certificate, key, CA), in place of compose's secret ocrawl-silo-tls.</summary>
    public string SiloCertificate { get; private set; } = null!;

    /// <summary>ocrawl's PEM bundle, as compose's secret ocrawl-client-tls; <see cref="Ocrawl"/> passes it as OCRAWL_TLS_CERT.</summary>
    public string ClientCertificate { get; private set; } = null!;

    /// <summary>A client bundle of another CA (that CA inside).</summary>
    public string ForeignClientCertificate { get; private set; } = null!;

    private void WriteCertificates()
    {
        var dir = Directory.CreateDirectory(Path.Combine(WorkDirectory, "tls")).FullName;
        using var ca = TestCertificates.CreateAuthority("test cluster CA");
        using var silo = TestCertificates.Issue(ca, "ocrawl-silo", serves: true);
        using var client = TestCertificates.Issue(ca, "ocrawl-client", serves: false);
        using var foreignCa = TestCertificates.CreateAuthority("foreign CA");
        using var foreign = TestCertificates.Issue(foreignCa, "ocrawl-client", serves: false);
        CaCertificate = TestCertificates.WriteCertificate(Path.Combine(dir, "ca.pem"), ca);
        SiloCertificate = TestCertificates.WriteBundle(Path.Combine(dir, "silo.pem"), silo, ca);
        ClientCertificate = TestCertificates.WriteBundle(Path.Combine(dir, "ocrawl-client.pem"), client, ca);
        ForeignClientCertificate = TestCertificates.WriteBundle(Path.Combine(dir, "foreign-client.pem"), foreign, foreignCa);
    }

    public async Task InitializeAsync()
    {
        Compose = await ComposeFile.ResolveAsync(Secrets);
        var compose = Compose.Environment("silo");
        var env = new Dictionary<string, string>(compose);
        // As docker-compose.yml runs it: with the append-only file, so membership survives a Redis restart, and with
        // the password the silos are given.
        Assert.Equal(Secrets["OCRAWL_REDIS_PASSWORD"], env["Crawler__Cluster__RedisPassword"]);
        Redis = await RedisServer.StartAsync(appendOnly: true, password: Secrets["OCRAWL_REDIS_PASSWORD"]);
        Postgres = await PostgresServer.StartAsync();
        Assert.StartsWith("redis:", env["Crawler__Cluster__Redis"]);
        env["Crawler__Cluster__Redis"] = Redis.Address;
        var pg = new NpgsqlConnectionStringBuilder(env["Crawler__Storage__Postgres"]);
        Assert.Equal("postgres", pg.Host);
        await Postgres.EnsureDatabaseAsync(pg.Database!);
        pg.Host = "127.0.0.1";
        pg.Port = Postgres.Port;
        env["Crawler__Storage__Postgres"] = pg.ConnectionString;
        // TLS as compose turns it on, with certificates made here in place of deploy/secrets.sh's.
        Assert.Equal("Mutual", env["Crawler__Tls__Mode"]);
        Assert.Equal("/run/secrets/ocrawl-silo-tls", env["Crawler__Tls__CertificatePath"]);
        Assert.Equal("/run/secrets/ocrawl-client-tls", Compose.Environment("ocrawl")["OCRAWL_TLS_CERT"]);
        WriteCertificates();
        env["Crawler__Tls__CertificatePath"] = SiloCertificate;
        // The web console, on in compose on port 8080 of each container: here the silos share one machine, so each
        // listens on a free port of its own, on loopback (as compose publishes it on the host's loopback).
        Assert.Equal("8080", env["Crawler__Console__Port"]);
        Assert.Equal(Secrets["OCRAWL_CONSOLE_TOKEN_HASH"], env["Crawler__Console__Tokens__0__Hash"]);
        env["Crawler__Console__Port"] = "0";
        env["Crawler__Console__Bind"] = "loopback";
        SiloEnvironment = env;
        for (var i = 0; i < SiloCount; i++)
        {
            StartSilo(i);
        }

        await WaitForClusterAsync(_silos);
    }

    /// <summary>The silo-to-silo port a silo of this fixture was started with (its Orleans SiloAddress port).</summary>
    public int SiloPortOf(ChildProcess silo) => _siloPorts[silo];

    /// <summary>The silos started so far that are still running.</summary>
    public IReadOnlyList<ChildProcess> RunningSilos => [.. _silos.Where(s => !s.HasExited)];

    public ChildProcess StartSilo(int index)
    {
        var (silo, port) = Launch($"silo{index}", _ => { });
        _silos.Add(silo);
        _siloPorts[silo] = port;
        return silo;
    }

    /// <summary>A silo process with the cluster's environment changed by <paramref name="configure"/>, not counted
    /// among the fixture's silos: the caller disposes it.</summary>
    public ChildProcess StartStraySilo(string name, Action<Dictionary<string, string?>> configure) => Launch(name, configure).Silo;

    private (ChildProcess Silo, int Port) Launch(string name, Action<Dictionary<string, string?>> configure)
    {
        var env = SiloEnvironment.ToDictionary(kv => kv.Key, kv => (string?)kv.Value);
        env["Orleans__SiloPort"] = Ports.Free().ToString();
        env["Orleans__GatewayPort"] = Ports.Free().ToString();
        env["Orleans__AdvertisedAddress"] = "127.0.0.1";
        configure(env);
        return (ChildProcess.Start(name, "dotnet", [Repository.SiloDll], Repository.SiloDirectory, env), int.Parse(env["Orleans__SiloPort"]!));
    }

    public IReadOnlyList<ChildProcess> Silos => _silos;

    /// <summary>Runs ocrawl against the cluster and returns it exited. On a busy machine an ocrawl process sometimes
    /// cannot connect within its 20 s (exit 3, "cannot reach the cluster"): that alone is tried again, at most three
    /// times (safe for every command: nothing was sent to the cluster).</summary>
    public async Task<ChildProcess> OcrawlAsync(TimeSpan timeout, params string[] args)
    {
        for (var attempt = 1; ; attempt++)
        {
            var process = Ocrawl(args);
            await process.WaitForExitAsync(timeout);
            if (process.ExitCode != 3 || !process.Output.Contains("cannot reach the cluster", StringComparison.Ordinal) || attempt == 3)
            {
                return process;
            }

            process.Dispose();
        }
    }

    public ChildProcess Ocrawl(params string[] args) => OcrawlWith(Secrets["OCRAWL_REDIS_PASSWORD"], args);

    /// <summary>ocrawl against the cluster with <paramref name="redisPassword"/> as OCRAWL_REDIS_PASSWORD (none when
    /// null).</summary>
    public ChildProcess OcrawlWith(string? redisPassword, params string[] args) => OcrawlWithTls(redisPassword, ClientCertificate, args);

    /// <summary>ocrawl with <paramref name="tlsCertificate"/> as OCRAWL_TLS_CERT (none when null).</summary>
    public ChildProcess OcrawlWithTls(string? redisPassword, string? tlsCertificate, params string[] args) =>
        ChildProcess.Start("ocrawl " + args.FirstOrDefault(), "dotnet", [Repository.OcrawlDll, .. args], WorkDirectory,
            new Dictionary<string, string?>
            {
                ["OCRAWL_CLUSTER"] = ClusterAddress,
                ["OCRAWL_REDIS_PASSWORD"] = redisPassword,
                ["OCRAWL_TLS_CERT"] = tlsCertificate,
            });

    /// <summary>Waits until ocrawl can talk to the cluster (at most <paramref name="timeout"/>, 2 minutes by default);
    /// fails if one of <paramref name="silos"/> exits meanwhile.</summary>
    public async Task WaitForClusterAsync(IReadOnlyList<ChildProcess> silos, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(2));
        while (true)
        {
            using var jobs = await OcrawlAsync(TimeSpan.FromMinutes(1), "jobs");
            if (jobs.ExitCode == 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline || silos.Any(s => s.HasExited))
            {
                throw new InvalidOperationException("The cluster did not come up.\n" + jobs.Output + "\n" +
                    string.Join("\n", silos.Select(s => $"--- {s.Name} (exited: {s.HasExited})\n{s.Output}")));
            }

            await Task.Delay(1000);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            silo.Dispose();
        }

        await Postgres.DisposeAsync();
        await Redis.DisposeAsync();
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
