using System.Text;

namespace OrleansCrawler.TestSite.Tests;

public sealed class TestWebDeterminismTests
{
    private static readonly string[] Paths = ["", "robots.txt", "sitemap.xml"];

    [Fact]
    public async Task SameSeed_GivesSamePagesAndTruth_DifferentSeed_DifferentOnes()
    {
        var options = new TestWebOptions { Pages = 120, Hosts = 3, Seed = 11 };
        await using var first = await TestWeb.StartAsync(options);
        await using var second = await TestWeb.StartAsync(options);
        await using var other = await TestWeb.StartAsync(options with { Seed = 12 });
        using var client = WebHelpers.CreateClient();

        var firstTruth = NormalizedTruth(first);
        Assert.Equal(firstTruth, NormalizedTruth(second));
        Assert.NotEqual(firstTruth, NormalizedTruth(other));

        // Pages every web has at the same path, whatever the seed: roots and a few public pages.
        var paths = Paths.Concat(first.ComputeTruth().Where((_, i) => i % 9 == 0).Select(u => new Uri(u).PathAndQuery.TrimStart('/')));
        int differing = 0;
        foreach (string path in paths)
        {
            for (int host = 0; host < options.Hosts; host++)
            {
                string a = await Fetch(client, first, host, path);
                Assert.Equal(a, await Fetch(client, second, host, path));
                if (a != await Fetch(client, other, host, path))
                {
                    differing++;
                }
            }
        }

        Assert.True(differing > 0);
        Assert.NotEqual(await Fetch(client, first, 0, ""), await Fetch(client, other, 0, ""));
    }

    private static async Task<string> Fetch(HttpClient client, TestWeb web, int host, string path)
    {
        var (status, _, body) = await WebHelpers.GetAsync(client, web.Seeds[host] + path);
        return $"{(int)status}\n{Normalized(web, Encoding.UTF8.GetString(body))}";
    }

    private static List<string> NormalizedTruth(TestWeb web) =>
        [.. web.ComputeTruth().Select(u => Normalized(web, u)).Order(StringComparer.Ordinal)];

    private static string Normalized(TestWeb web, string text) => WebHelpers.WithoutPorts(text, web.Authorities);
}
