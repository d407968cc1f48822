using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using OrleansCrawler.WebConsole.Hosting;

namespace OrleansCrawler.WebConsole.Auth;

/// <summary>Limits password and token guessing with .NET's fixed-window rate limiters (System.Threading.RateLimiting,
/// the ones ASP.NET Core's rate-limiting middleware uses; the per-IP login limit is that middleware's policy
/// <see cref="LoginPolicy"/>). A user name's attempts are counted here because the name is in the request body, which
/// the middleware does not read; wrong tokens are counted here because only failures should count against a script.</summary>
public sealed class LoginThrottle(ConsoleOptions options) : IDisposable
{
    public const string LoginPolicy = "login";

    private readonly PartitionedRateLimiter<string> _names = PartitionedRateLimiter.Create<string, string>(name =>
        RateLimitPartition.GetFixedWindowLimiter(name, _ => Window(options, options.LoginAttemptsPerName)));

    private readonly PartitionedRateLimiter<string> _badTokens = PartitionedRateLimiter.Create<string, string>(ip =>
        RateLimitPartition.GetFixedWindowLimiter(ip, _ => Window(options, options.BadTokensPerIp)));

    public static FixedWindowRateLimiterOptions Window(ConsoleOptions options, int permits) => new()
    {
        PermitLimit = permits,
        Window = options.LoginWindow,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    public static string ClientOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>Counts one login attempt for <paramref name="name"/>; false (with the wait) once the window's are used up.</summary>
    public bool TryLogin(string name, out TimeSpan retryAfter)
    {
        using var lease = _names.AttemptAcquire(name);
        return Granted(lease, out retryAfter);
    }

    /// <summary>Whether <paramref name="client"/> has sent too many wrong tokens in this window (nothing is counted).</summary>
    public bool TokensBlocked(string client, out TimeSpan retryAfter)
    {
        using var lease = _badTokens.AttemptAcquire(client, 0);
        return !Granted(lease, out retryAfter);
    }

    /// <summary>Counts a wrong token from <paramref name="client"/>.</summary>
    public void BadToken(string client) => _badTokens.AttemptAcquire(client).Dispose();

    /// <summary>Answers 429 with Retry-After (whole seconds, at least 1).</summary>
    public static IResult TooMany(HttpResponse response, TimeSpan retryAfter, string what)
    {
        response.Headers.RetryAfter = RetryAfterSeconds(retryAfter);
        return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: $"too many {what}; try again later",
            detail: $"Retry after {RetryAfterSeconds(retryAfter)} s.");
    }

    public static string RetryAfterSeconds(TimeSpan wait) =>
        Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private bool Granted(RateLimitLease lease, out TimeSpan retryAfter)
    {
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.LoginWindow;
        return lease.IsAcquired;
    }

    public void Dispose()
    {
        _names.Dispose();
        _badTokens.Dispose();
    }
}
