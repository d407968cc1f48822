using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansCrawler.WebConsole.Hosting;

namespace OrleansCrawler.WebConsole.Auth;

/// <summary>Authenticates <c>Authorization: Bearer TOKEN</c> against the configured token hashes. A token arrives in a
/// header a browser never adds by itself, so token requests cannot be forged across sites (no CSRF check needed).</summary>
public sealed class TokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, ConsoleOptions console, LoginThrottle throttle) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Token";

    private const string BlockedFor = "ocrawl-token-blocked-for";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        // A client that sent too many wrong tokens is refused (429 in the challenge) until its window ends, right token or not.
        var client = LoginThrottle.ClientOf(Context);
        if (throttle.TokensBlocked(client, out var retryAfter))
        {
            Context.Items[BlockedFor] = retryAfter;
            return Task.FromResult(AuthenticateResult.Fail("too many wrong API tokens from this address"));
        }

        var token = header["Bearer ".Length..].Trim();
        // Every configured hash is compared (constant time each), so timing does not say which one nearly matched.
        ConsoleToken? match = null;
        foreach (var candidate in console.Tokens)
        {
            if (ConsoleSecrets.TokenMatches(candidate.Hash, token))
            {
                match = candidate;
            }
        }

        if (match is null)
        {
            throttle.BadToken(client);
            return Task.FromResult(AuthenticateResult.Fail("unknown API token"));
        }

        var identity = new ClaimsIdentity(ConsoleAuth.Claims(match.Name, match.Role), SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[BlockedFor] is TimeSpan retryAfter)
        {
            await LoginThrottle.TooMany(Response, retryAfter, "wrong API tokens from this address").ExecuteAsync(Context);
            return;
        }

        await base.HandleChallengeAsync(properties);
    }
}
