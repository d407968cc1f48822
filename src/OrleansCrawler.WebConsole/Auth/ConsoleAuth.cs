using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansCrawler.WebConsole.Auth;

/// <summary>Authentication (password → cookie session, or API token), the two role policies and the CSRF check.</summary>
public static class ConsoleAuth
{
    public const string Scheme = "Console";
    public const string OperatorPolicy = "operator";
    public const string CsrfHeader = "X-CSRF-TOKEN";

    public static IEnumerable<Claim> Claims(string name, string role) => [new(ClaimTypes.Name, name), new(ClaimTypes.Role, role)];

    public static IServiceCollection AddConsoleAuth(this IServiceCollection services)
    {
        services.AddAuthentication(Scheme)
            // One scheme for the app: a Bearer header means a token, anything else the session cookie.
            .AddPolicyScheme(Scheme, Scheme, o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? TokenAuthenticationHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null)
            .AddCookie(o =>
            {
                o.Cookie.Name = "ocrawl-console";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                // An API answers 401/403, never a redirect to a login page.
                o.Events.OnRedirectToLogin = c => Status(c.Response, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = c => Status(c.Response, StatusCodes.Status403Forbidden);
            });
        services.AddAuthorizationBuilder()
            // No anonymous access to the API: every endpoint needs a user unless it says AllowAnonymous.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(Scheme).RequireAuthenticatedUser().Build())
            .SetDefaultPolicy(new AuthorizationPolicyBuilder(Scheme).RequireAuthenticatedUser().Build())
            .AddPolicy(OperatorPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireRole(Hosting.ConsoleRoles.Operator));
        services.AddAntiforgery(o =>
        {
            o.HeaderName = CsrfHeader;
            o.Cookie.Name = "ocrawl-csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        return services;
    }

    /// <summary>For state-changing endpoints: an operator, and, when the caller came with the session cookie (what a
    /// forged cross-site request would carry), a valid antiforgery token in the <see cref="CsrfHeader"/> header.</summary>
    public static RouteHandlerBuilder RequireOperator(this RouteHandlerBuilder endpoint) =>
        endpoint.RequireAuthorization(OperatorPolicy).AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (http.User.Identity?.AuthenticationType != TokenAuthenticationHandler.SchemeName)
            {
                try
                {
                    await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
                }
                catch (AntiforgeryValidationException)
                {
                    return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "CSRF check failed",
                        detail: $"A cookie session must send the token of GET /api/csrf in the {CsrfHeader} header.");
                }
            }

            return await next(context);
        });

    private static Task Status(HttpResponse response, int code)
    {
        response.StatusCode = code;
        return Task.CompletedTask;
    }
}
