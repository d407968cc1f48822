using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrawler.WebConsole.Auth;

namespace OrleansCrawler.WebConsole.Hosting;

public static class ConsoleServiceCollectionExtensions
{
    /// <summary>Adds the web console when <c>Crawler:Console:Port</c> is set; checks its users and tokens first, so that a
    /// console nobody can log in to (or with a bad setting) stops the start with a message naming the setting.</summary>
    public static IServiceCollection AddCrawlerConsole(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(ConsoleOptions.SectionName).Get<ConsoleOptions>() ?? new ConsoleOptions();
        if (options.Port is null)
        {
            return services;
        }

        Validate(options);
        services.AddSingleton(options);
        services.AddSingleton<ConsoleServer>();
        services.AddHostedService(sp => sp.GetRequiredService<ConsoleServer>());
        return services;
    }

    public static void Validate(ConsoleOptions options)
    {
        const string s = ConsoleOptions.SectionName;
        if (options.Port is < 0 or > 65535)
        {
            throw new ConsoleConfigurationException($"{s}:Port: '{options.Port}' is not a TCP port (0-65535).");
        }

        _ = ConsoleServer.BindAddress(options.Bind);
        if (options.CertificatePath is { } certificate)
        {
            ConsoleServer.LoadCertificate(certificate).Dispose();
        }

        Check(options.LoginAttemptsPerIp < 1, $"{s}:LoginAttemptsPerIp: '{options.LoginAttemptsPerIp}' is less than 1.");
        Check(options.LoginAttemptsPerName < 1, $"{s}:LoginAttemptsPerName: '{options.LoginAttemptsPerName}' is less than 1.");
        Check(options.BadTokensPerIp < 1, $"{s}:BadTokensPerIp: '{options.BadTokensPerIp}' is less than 1.");
        Check(options.LoginWindow <= TimeSpan.Zero, $"{s}:LoginWindow: '{options.LoginWindow}' is not a positive time span.");
        if (options.Users.Count == 0 && options.Tokens.Count == 0)
        {
            throw new ConsoleConfigurationException(
                $"{s}:Port is set but no one can log in: set {s}:Users:0:Name, {s}:Users:0:PasswordHash (from `ocrawl console hash-password`) "
                + $"and {s}:Users:0:Role (viewer or operator), or an API token in {s}:Tokens:0:Name, :Hash (`ocrawl console new-token`) and :Role "
                + $"(environment: {s.Replace(":", "__", StringComparison.Ordinal)}__Users__0__Name, ...).");
        }

        for (var i = 0; i < options.Users.Count; i++)
        {
            var u = options.Users[i];
            Check(string.IsNullOrWhiteSpace(u.Name), $"{s}:Users:{i}:Name is empty.");
            Check(!u.PasswordHash.StartsWith("AQAAAA", StringComparison.Ordinal),
                $"{s}:Users:{i}:PasswordHash of '{u.Name}' is not a hash from `ocrawl console hash-password` (never put the password itself).");
            Check(!ConsoleRoles.IsKnown(u.Role), $"{s}:Users:{i}:Role: '{u.Role}' is not viewer or operator.");
        }

        for (var i = 0; i < options.Tokens.Count; i++)
        {
            var t = options.Tokens[i];
            Check(t.Hash.Length != 64 || !t.Hash.All(char.IsAsciiHexDigit),
                $"{s}:Tokens:{i}:Hash: '{t.Hash}' is not a SHA-256 in hex (from `ocrawl console new-token`).");
            Check(!ConsoleRoles.IsKnown(t.Role), $"{s}:Tokens:{i}:Role: '{t.Role}' is not viewer or operator.");
        }

        static void Check(bool bad, string message)
        {
            if (bad)
            {
                throw new ConsoleConfigurationException(message);
            }
        }
    }

    /// <summary>Settings that give a console one operator token (the demo's one-time token).</summary>
    public static Dictionary<string, string?> TokenSettings(string token, string name = "demo") => new()
    {
        [$"{ConsoleOptions.SectionName}:Tokens:0:Name"] = name,
        [$"{ConsoleOptions.SectionName}:Tokens:0:Hash"] = ConsoleSecrets.HashToken(token),
        [$"{ConsoleOptions.SectionName}:Tokens:0:Role"] = ConsoleRoles.Operator,
    };
}
