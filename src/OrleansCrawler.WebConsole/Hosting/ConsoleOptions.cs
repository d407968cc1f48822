namespace OrleansCrawler.WebConsole.Hosting;

/// <summary>The web console's settings, section <c>Crawler:Console</c> (environment: <c>Crawler__Console__Port</c>, ...).</summary>
public sealed class ConsoleOptions
{
    public const string SectionName = "Crawler:Console";

    /// <summary>TCP port the console listens on; null: no console (0: any free port, for tests).</summary>
    public int? Port { get; set; }

    /// <summary>Address to listen on: "loopback" (default), "any", or an IP address.</summary>
    public string Bind { get; set; } = "loopback";

    /// <summary>HTTPS: a PEM file holding the console's certificate and its private key (chain certificates may follow,
    /// as deploy/secrets.sh writes them); null: plain HTTP, for loopback or behind a TLS proxy.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>People who log in with a password (cookie session).</summary>
    public List<ConsoleUser> Users { get; set; } = [];

    /// <summary>API tokens for scripts (<c>Authorization: Bearer TOKEN</c>).</summary>
    public List<ConsoleToken> Tokens { get; set; } = [];

    // Password guessing (docs/console.md, "Login rate limit"): fixed windows, per client IP address and per user name.

    /// <summary>Login attempts (right or wrong) one client IP address may make per <see cref="LoginWindow"/>.</summary>
    public int LoginAttemptsPerIp { get; set; } = 30;

    /// <summary>Login attempts for one user name (from anywhere) per <see cref="LoginWindow"/>.</summary>
    public int LoginAttemptsPerName { get; set; } = 10;

    /// <summary>Wrong API tokens one client IP address may send per <see cref="LoginWindow"/>; then its token requests
    /// get 429 until the window ends.</summary>
    public int BadTokensPerIp { get; set; } = 10;

    public TimeSpan LoginWindow { get; set; } = TimeSpan.FromMinutes(1);
}
