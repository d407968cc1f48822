using Microsoft.Extensions.Hosting;
using OrleansCrawler.Silo.Hosting;

// A crawler silo. appsettings.json and environment variables (Crawler__..., Orleans__...) choose the mode:
// see docs/cluster.md.
try
{
    var builder = Host.CreateApplicationBuilder(args);
    builder.AddCrawlerSilo();
    await builder.Build().RunAsync();
    return 0;
}
catch (CrawlerConfigurationException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}
