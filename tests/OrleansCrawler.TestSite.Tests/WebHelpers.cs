using System.Net;

namespace OrleansCrawler.TestSite.Tests;

internal static class WebHelpers
{
    public static HttpClient CreateClient() =>
        new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, MaxConnectionsPerServer = 64 })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>Replaces each host's authority by a placeholder, so two runs on different ports compare equal.</summary>
    public static string WithoutPorts(string text, IReadOnlyList<string> authorities)
    {
        var ordered = authorities.Select((a, i) => (Authority: a, Index: i)).OrderByDescending(x => x.Authority.Length);
        foreach (var (authority, index) in ordered)
        {
            text = text.Replace(authority + "/", $"HOST{index}/", StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>A URI sent exactly as written: <see cref="Uri"/> would otherwise decode <c>%31</c> to <c>1</c>.</summary>
    public static Uri Raw(string url) => new(url, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });

    public static async Task<(HttpStatusCode Status, string? ContentType, byte[] Body)> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(Raw(url));
        return (response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsByteArrayAsync());
    }
}
