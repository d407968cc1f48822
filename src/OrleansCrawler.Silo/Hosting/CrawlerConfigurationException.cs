namespace OrleansCrawler.Silo.Hosting;

/// <summary>A setting that cannot work, with a message that names it (e.g. <c>Crawler:Storage:Postgres</c>,
/// set as <c>Crawler__Storage__Postgres</c> in the environment).</summary>
public sealed class CrawlerConfigurationException(string message) : Exception(message);
