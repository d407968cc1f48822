using OrleansCrawler.TestSite.Rendering;

namespace OrleansCrawler.TestSite.Graph;

/// <summary>
/// The text of an article page (<see cref="SiteGraph.IsArticle"/>): the article from <see cref="Words"/>, the
/// boilerplate around it from <see cref="Boilerplate"/>, a vocabulary that shares no word with it. A pure function of
/// (seed, host, page) and the page's link count, so the renderer and the truth agree by construction.
/// </summary>
internal static class ArticleText
{
    internal const ulong ArticleSalt = 0xA271C1E;

    /// <summary>Words of site chrome, ads and banners; none is in <see cref="Words"/> (a test checks it).</summary>
    internal static readonly string[] Boilerplate =
    [
        "subscribe", "newsletter", "cookies", "consent", "accept", "advertisement", "sponsored", "promoted", "trending",
        "popular", "login", "register", "account", "privacy", "terms", "copyright", "reserved", "careers", "contact",
        "about", "weather", "horoscope", "podcast", "video", "shop", "deals", "coupon", "lottery", "quiz", "gallery",
        "facebook", "twitter", "share", "email", "print", "menu", "daily", "gazette", "offers", "cart", "wishlist",
        "sports", "celebrity", "recipes", "puzzles", "crossword", "obituaries", "classifieds", "tickets", "opinion",
        "lifestyle", "gossip", "premium", "signup", "feedback", "help", "faq", "mobile", "download", "cashback", "bonus",
        "casino", "sale", "discount", "giveaway",
    ];

    private static readonly string[] Vocabulary = [.. Enumerable.Range(0, Words.Count).Select(i => System.Text.Encoding.ASCII.GetString(Words.Get(i)))];

    /// <summary>The article and its boilerplate. <paramref name="anchorCount"/> boilerplate anchors get texts (the
    /// page's graph links, which the article page carries in its chrome). <paramref name="paragraphs"/>, when given,
    /// receives the number of sentences of each paragraph (two paragraphs a section).</summary>
    public static ArticleTruth Generate(SiteGraph graph, int host, int page, int anchorCount, List<int>? paragraphs = null)
    {
        // A copy (PageCopies) draws the article of the page it copies; a look-alike then writes its own sentences.
        var copy = PageCopies.Of(graph, host, page);
        var (textHost, textPage) = copy.Kind == CopyKind.None ? (host, page) : (copy.Host, copy.Page);
        var rng = new PageRandom(PageRandom.Key(graph.Seed, textHost, textPage, ArticleSalt ^ SiteGraph.TextSalt));
        string title = Phrase(ref rng, 4 + rng.Next(4), capitalize: true);
        int sectionCount = 3 + rng.Next(2);
        var headings = new List<string>(sectionCount);
        var sentences = new List<string>();
        for (int s = 0; s < sectionCount; s++)
        {
            headings.Add(Phrase(ref rng, 2 + rng.Next(3), capitalize: true));
        }

        for (int p = 0; p < sectionCount * 2; p++)
        {
            int count = 3 + rng.Next(4);
            paragraphs?.Add(count);
            for (int n = 0; n < count; n++)
            {
                sentences.Add(Phrase(ref rng, 8 + rng.Next(11), capitalize: true) + ".");
            }
        }

        if (copy.Kind == CopyKind.LookAlike)
        {
            var own = new PageRandom(PageRandom.Key(graph.Seed, host, page, ArticleSalt ^ SiteGraph.TextSalt));
            for (int n = 0; n < sentences.Count; n++)
            {
                sentences[n] = Phrase(ref own, 8 + own.Next(11), capitalize: true) + ".";
            }
        }

        // The link ends the first sentence: "... words <a href="/">link text</a>."
        string linkText = Phrase(ref rng, 2, capitalize: false);
        sentences[0] = sentences[0][..^1] + " " + linkText + ".";
        var items = Enumerable.Range(0, 3 + rng.Next(3)).Select(_ => Phrase(ref rng, 3 + rng.Next(4), capitalize: true)).ToList();
        var rows = new List<IReadOnlyList<string>> { new[] { "Record", "Measure", "Result" } };
        for (int r = 0, count = 3 + rng.Next(3); r < count; r++)
        {
            rows.Add([Phrase(ref rng, 1, capitalize: true), (1 + rng.Next(999)).ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"{rng.Next(100)}.{rng.Next(10)}"]);
        }

        var code = Enumerable.Range(0, 3 + rng.Next(3))
            .Select(_ => $"let {Pick(ref rng)}_{Pick(ref rng)} = {Pick(ref rng)}({rng.Next(1000)});").ToList();

        var boilerplate = new List<string>
        {
            Chrome(ref rng, 2, "{0}"),                               // brand in the site header
            Chrome(ref rng, 10, "{0}"),                              // cookie banner
            "Accept",
            Chrome(ref rng, 8, "Advertisement {0}"),                 // ad between sections
            Chrome(ref rng, 3, "Share {0}"),                         // share box inside the article
            Chrome(ref rng, 1, "Trending {0}"),                      // sidebar heading
            Chrome(ref rng, 12, "Sponsored {0}"),                    // sidebar promo
            Chrome(ref rng, 6, "Copyright {0} reserved"),            // footer
        };
        for (int a = 0; a < anchorCount; a++)
        {
            boilerplate.Add(Chrome(ref rng, 1 + rng.Next(2), "{0}"));
        }

        return new ArticleTruth(title, headings, sentences, items, rows, code, linkText, "http://" + graph.Authorities[host] + "/", boilerplate);
    }

    private static string Pick(ref PageRandom rng) => Vocabulary[rng.Next(Vocabulary.Length)];

    private static string Phrase(ref PageRandom rng, int count, bool capitalize)
    {
        var words = new string[count];
        for (int w = 0; w < count; w++)
        {
            words[w] = Pick(ref rng);
        }

        if (capitalize)
        {
            words[0] = char.ToUpperInvariant(words[0][0]) + words[0][1..];
        }

        return string.Join(' ', words);
    }

    private static string Chrome(ref PageRandom rng, int count, string format)
    {
        var words = new string[count];
        for (int w = 0; w < count; w++)
        {
            words[w] = Boilerplate[rng.Next(Boilerplate.Length)];
        }

        words[0] = char.ToUpperInvariant(words[0][0]) + words[0][1..];
        return string.Format(System.Globalization.CultureInfo.InvariantCulture, format, string.Join(' ', words));
    }
}
