using OrleansCrawler.Bench.Throughput.Processes;

namespace OrleansCrawler.Bench.Tests;

/// <summary>A fact that needs Debian's nginx: skipped, saying so, where it is not installed (.ci/run installs it).</summary>
public sealed class NginxFactAttribute : FactAttribute
{
    public NginxFactAttribute()
    {
        if (NginxWeb.Unavailable() is { } why)
        {
            Skip = why + "; .ci/run installs it";
        }
    }
}
