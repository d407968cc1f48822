using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OrleansCrawler.WebConsole.Hosting;

/// <summary>Serves the console's page and script, embedded in this assembly (wwwroot/). They hold no data, so anyone
/// may load them; everything they show comes from <c>/api</c>, which needs a login.</summary>
public static class ConsolePages
{
    public static void MapConsolePages(this IEndpointRouteBuilder app)
    {
        var assembly = typeof(ConsolePages).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("wwwroot/", StringComparison.Ordinal)))
        {
            var file = name["wwwroot/".Length..];
            var route = file == "index.html" ? "/" : "/" + file;
            var type = Path.GetExtension(file) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                _ => "application/octet-stream",
            };
            app.MapGet(route, () => Results.Stream(Open(assembly, name), type)).AllowAnonymous().ExcludeFromDescription();
        }
    }

    private static Stream Open(Assembly assembly, string name) =>
        assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"missing resource {name}");
}
