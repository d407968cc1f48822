using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.WebConsole.Api;
using OrleansCrawler.WebConsole.Auth;

namespace OrleansCrawler.WebConsole.Hosting;

/// <summary>The console's own small web application, started beside the silo in the same process (a silo host is a
/// generic host, not a web host): it shares the silo's <see cref="IGrainFactory"/>, logging and host summary store (the
/// hosts of partitions no longer in memory) and nothing else.</summary>
public sealed class ConsoleServer(ConsoleOptions options, IGrainFactory grains, IHostSummaryStore hostSummaries, ILoggerFactory loggers)
    : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>Where the console listens, once started (e.g. <c>http://127.0.0.1:8080/</c>).</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ConsoleServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        var certificate = options.CertificatePath is { } path ? LoadCertificate(path) : null;
        builder.WebHost.ConfigureKestrel(k => k.Listen(BindAddress(options.Bind), options.Port ?? 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        builder.Services.AddSingleton(grains).AddSingleton(options).AddSingleton(TimeProvider.System).AddSingleton(hostSummaries);
        // Session cookies are protected with keys held in memory: a session ends with the process and belongs to the
        // silo that issued it (API tokens work on every silo).
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddConsoleAuth();
        // Password guessing: per client IP on /api/login (the middleware), per user name and wrong tokens (LoginThrottle).
        builder.Services.AddSingleton<LoginThrottle>();
        builder.Services.AddRateLimiter(o =>
        {
            o.AddPolicy(LoginThrottle.LoginPolicy, http => RateLimitPartition.GetFixedWindowLimiter(LoginThrottle.ClientOf(http),
                _ => LoginThrottle.Window(options, options.LoginAttemptsPerIp)));
            o.OnRejected = (context, _) => new ValueTask(LoginThrottle.TooMany(context.HttpContext.Response,
                context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.LoginWindow,
                "login attempts from this address").ExecuteAsync(context.HttpContext));
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        var app = builder.Build();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi("/api/openapi.json");
        app.MapAccountApi();
        app.MapJobsApi();
        app.MapClusterApi();
        app.MapConsolePages();
        await app.StartAsync(cancellationToken);
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Address = new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
        var log = loggers.CreateLogger<ConsoleServer>();
        log.LogInformation("Web console on {Address}", Address);
        if (certificate is null && !IPAddress.IsLoopback(BindAddress(options.Bind)))
        {
            log.LogWarning("The web console listens on {Bind} over plain HTTP: passwords, tokens and session cookies cross the network "
                + "in the clear unless a TLS proxy is in front. Set {Setting} for HTTPS.", options.Bind, $"{ConsoleOptions.SectionName}:CertificatePath");
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>The certificate and private key of a PEM file (<see cref="ConsoleOptions.CertificatePath"/>).</summary>
    /// <exception cref="ConsoleConfigurationException">The file is missing or holds no certificate with its key.</exception>
    internal static X509Certificate2 LoadCertificate(string path)
    {
        try
        {
            var certificate = X509Certificate2.CreateFromPemFile(path);
            if (!certificate.HasPrivateKey)
            {
                certificate.Dispose();
                throw new CryptographicException("the certificate's private key is not in the file");
            }

            return certificate;
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new ConsoleConfigurationException($"{ConsoleOptions.SectionName}:CertificatePath: '{path}': {ex.Message}", ex);
        }
    }

    internal static IPAddress BindAddress(string bind) => bind switch
    {
        "loopback" => IPAddress.Loopback,
        "any" => IPAddress.Any,
        _ => IPAddress.TryParse(bind, out var ip) ? ip
            : throw new ConsoleConfigurationException($"{ConsoleOptions.SectionName}:Bind: '{bind}' is not loopback, any or an IP address."),
    };
}
