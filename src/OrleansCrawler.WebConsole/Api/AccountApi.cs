using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansCrawler.WebConsole.Auth;
using OrleansCrawler.WebConsole.Hosting;

namespace OrleansCrawler.WebConsole.Api;

/// <summary>Log in and out (cookie session), who am I, and the CSRF token a session sends with state-changing requests.</summary>
public static class AccountApi
{
    public static void MapAccountApi(this IEndpointRouteBuilder app)
    {
        // JSON only (415 otherwise): a cross-site HTML form cannot send application/json, so logins cannot be forged either.
        app.MapPost("/api/login", LoginAsync).AllowAnonymous().RequireRateLimiting(LoginThrottle.LoginPolicy).WithTags("account")
            .WithSummary("Log in (JSON name and password); 429 with Retry-After after too many attempts from one address or for one name");
        app.MapPost("/api/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return TypedResults.NoContent();
        }).WithTags("account");
        app.MapGet("/api/me", (ClaimsPrincipal user) => TypedResults.Ok(new { name = user.Identity!.Name, role = user.FindFirstValue(ClaimTypes.Role) }))
            .WithTags("account");
        app.MapGet("/api/csrf", (HttpContext http, IAntiforgery antiforgery) =>
            TypedResults.Ok(new { header = ConsoleAuth.CsrfHeader, token = antiforgery.GetAndStoreTokens(http).RequestToken }))
            .WithTags("account").WithSummary("The token a cookie session sends in X-CSRF-TOKEN with every POST");
    }

    private static async Task<IResult> LoginAsync(LoginRequest request, HttpContext http, ConsoleOptions options, LoginThrottle throttle)
    {
        if (!throttle.TryLogin(request.Name ?? "", out var retryAfter))
        {
            return LoginThrottle.TooMany(http.Response, retryAfter, $"login attempts for '{request.Name}'");
        }

        var user = options.Users.FirstOrDefault(u => string.Equals(u.Name, request.Name, StringComparison.Ordinal));
        // The hash is checked even for an unknown name, so timing does not tell which names exist.
        var ok = ConsoleSecrets.VerifyPassword(user?.PasswordHash ?? UnknownUserHash, request.Password ?? "") && user is not null;
        if (!ok)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "wrong name or password");
        }

        var identity = new ClaimsIdentity(ConsoleAuth.Claims(user!.Name, user.Role), CookieAuthenticationDefaults.AuthenticationScheme);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return TypedResults.Ok(new { name = user.Name, role = user.Role });
    }

    private static readonly string UnknownUserHash = ConsoleSecrets.HashPassword(Guid.NewGuid().ToString());
}
