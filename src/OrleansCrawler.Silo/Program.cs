using Microsoft.Extensions.Hosting;
using OrleansCrawler.Silo.Hosting;

// A standalone silo with localhost clustering; cluster mode (Redis membership, PostgreSQL) comes with issue 3.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddCrawler(builder.Configuration);
builder.UseOrleans(silo => silo.UseLocalhostClustering());
await builder.Build().RunAsync();
