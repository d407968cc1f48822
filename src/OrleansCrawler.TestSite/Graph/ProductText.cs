using System.Globalization;
using OrleansCrawler.TestSite.Rendering;

namespace OrleansCrawler.TestSite.Graph;

/// <summary>
/// The values of a product page (<see cref="SiteGraph.IsProduct"/>): a pure function of (seed, host, page), so the
/// renderer and the truth agree by construction.
/// </summary>
internal static class ProductText
{
    internal const ulong ProductSalt = 0x9120D0C7;

    private static readonly string[] Currencies = ["EUR", "USD", "GBP", "CHF"];

    private static readonly string[] Vocabulary = [.. Enumerable.Range(0, Words.Count).Select(i => System.Text.Encoding.ASCII.GetString(Words.Get(i)))];

    public static ProductTruth Generate(SiteGraph graph, int host, int page)
    {
        var rng = new PageRandom(PageRandom.Key(graph.Seed, host, page, ProductSalt ^ SiteGraph.TextSalt));
        var name = string.Join(' ', Enumerable.Range(0, 2 + rng.Next(3)).Select(_ => Capitalize(Vocabulary[rng.Next(Vocabulary.Length)])));
        int cents = 100 + rng.Next(99_900);
        var currency = Currencies[rng.Next(Currencies.Length)];
        int rating = 10 + rng.Next(41);
        var tags = new List<string>();
        for (int i = 0, n = 1 + rng.Next(4); i < n; i++)
        {
            var tag = Vocabulary[rng.Next(Vocabulary.Length)];
            if (!tags.Contains(tag))
            {
                tags.Add(tag);
            }
        }

        string? oldPrice = rng.Next(2) == 0 ? Money(cents + 100 + rng.Next(5_000)) : null;
        return new ProductTruth(name, Money(cents), currency, (rating / 10.0).ToString("0.0", CultureInfo.InvariantCulture), tags, oldPrice, rng.Next(6));
    }

    private static string Money(int cents) => (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Capitalize(string word) => char.ToUpperInvariant(word[0]) + word[1..];
}
