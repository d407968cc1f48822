using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Grains.Jobs;

namespace OrleansCrawler.Silo.Hosting;

/// <summary>A crawler in this process: one silo with localhost clustering on free ports, SQLite results in
/// the data folder. What <c>ocrawl run</c> uses, and the tests that drive the real grain pipeline.</summary>
public sealed class EmbeddedCrawler : IAsyncDisposable
{
    private readonly IHost _host;

    private EmbeddedCrawler(IHost host)
    {
        _host = host;
        Grains = host.Services.GetRequiredService<IGrainFactory>();
        Store = host.Services.GetRequiredService<IPageStore>();
    }

    public IGrainFactory Grains { get; }

    public IPageStore Store { get; }

    public IServiceProvider Services => _host.Services;

    /// <param name="settings">Configuration overrides, e.g. "Crawler:Fetcher:UserAgent".</param>
    public static async Task<EmbeddedCrawler> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string?>? settings = null,
        LogLevel logLevel = LogLevel.Warning, CancellationToken cancellationToken = default)
    {
        StartupTimeline.Mark("embedded crawler starting");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{StorageOptions.SectionName}:DataDirectory"] = dataDirectory,
            // ocrawl run drives its own job; an interrupted one in the data folder waits for --resume.
            ["Crawler:Jobs:KeepRunningJobs"] = "false",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(logLevel)
            // The watchdog warns about CPU starvation during start-up on small machines: noise for a CLI.
            .AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);
        builder.Services.AddCrawler(builder.Configuration);
        var tracing = SiloSettings.Read<TelemetryOptions>(builder.Configuration, TelemetryOptions.SectionName).IsEnabled;
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort: FreePort.Next(), gatewayPort: FreePort.Next())
                .Configure<Orleans.Configuration.ClusterOptions>(o =>
                {
                    o.ClusterId = "ocrawl-embedded";
                    o.ServiceId = "ocrawl";
                });
            // Trace context through grain calls, only when traces are on: its filters wrap every grain call.
            if (tracing)
            {
                silo.AddActivityPropagation();
            }
        });
        var host = builder.Build();
        StartupTimeline.Mark("host built");
        await host.StartAsync(cancellationToken);
        StartupTimeline.Mark("silo started");
        return new EmbeddedCrawler(host);
    }

    public Task<JobStatus> StartJobAsync(string jobId, JobSpec spec) => Grains.GetGrain<ICrawlJobGrain>(jobId).StartAsync(spec);

    /// <summary>Polls the job until it is no longer running, reporting each status.</summary>
    public async Task<JobStatus> WaitAsync(string jobId, Action<JobStatus>? progress = null, TimeSpan? interval = null,
        CancellationToken cancellationToken = default)
    {
        var job = Grains.GetGrain<ICrawlJobGrain>(jobId);
        var signal = Services.GetRequiredService<JobFinishedSignal>();
        while (true)
        {
            // Before the status read: a finish in between is then seen by one or the other.
            var finished = signal.WhenFinished(jobId);
            var status = await job.GetStatusAsync();
            progress?.Invoke(status);
            if (status.State != JobState.Running)
            {
                return status;
            }

            // The job grain is in this process: wake at its finish rather than at the next tick of the display.
            await Task.WhenAny(finished, Task.Delay(interval ?? TimeSpan.FromMilliseconds(250), cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Polls the (paused or stopped) job until nothing is in flight or <paramref name="timeout"/> passed.</summary>
    public async Task<JobStatus> DrainAsync(string jobId, TimeSpan timeout)
    {
        var job = Grains.GetGrain<ICrawlJobGrain>(jobId);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            // The job's counters are summed on its poll, every 200 ms: wait for one after the pause.
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            var status = await job.GetStatusAsync();
            if (status.Counters.InFlight == 0 || DateTime.UtcNow >= deadline)
            {
                return status;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        StartupTimeline.Mark("silo stopping");
        await _host.StopAsync();
        StartupTimeline.Mark("silo stopped");
        _host.Dispose();
    }
}
