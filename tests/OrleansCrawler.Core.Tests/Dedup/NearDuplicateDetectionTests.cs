using AngleSharp.Html.Parser;
using OrleansCrawler.Core.Content;
using OrleansCrawler.Core.Dedup;
using OrleansCrawler.TestSite;
using OrleansCrawler.TestSite.Graph;
using Xunit.Abstractions;

namespace OrleansCrawler.Core.Tests.Dedup;

/// <summary>Detection against the test web's known copies (<see cref="TestWebOptions.DuplicatePercent"/>): every page
/// rendered as served, its main text fingerprinted and looked up in the permuted tables before it is added, in a
/// shuffled order. A page should be found a near duplicate exactly when an earlier page has the same article (its
/// original or another republished or printable copy of it); look-alikes and other pages should not.</summary>
public sealed class NearDuplicateDetectionTests(ITestOutputHelper output)
{
    [Fact]
    public void TestWebCopies_AreFound_WithPrecisionAndRecallAtLeast95Percent()
    {
        var (precision, recall) = Measure(SimHash.ShingleWords);
        Assert.True(precision >= 0.95, $"precision {precision:F3}");
        Assert.True(recall >= 0.95, $"recall {recall:F3}");
    }

    public (double Precision, double Recall) Measure(int shingleWords)
    {
        var web = new TestWebPages(new TestWebOptions { Pages = 900, Hosts = 3, Seed = 5, ArticlePercent = 60, DuplicatePercent = 30 });
        var pages = Enumerable.Range(0, web.Hosts).SelectMany(h => Enumerable.Range(0, web.PageCount(h)).Select(p => (Host: h, Page: p))).ToList();
        new Random(9).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pages));
        var parser = new HtmlParser();
        var index = new NearDuplicateIndex();
        var familyOf = new Dictionary<ulong, (int, int)>();
        var seenFamilies = new HashSet<(int, int)>();
        int expected = 0, found = 0, correct = 0, lookAlikes = 0, lookAlikesFound = 0;
        foreach (var (host, page) in pages)
        {
            var copy = web.CopyOf(host, page);
            var family = copy.IsNearDuplicate ? (copy.Host, copy.Page) : (host, page);
            var text = ContentExtractor.MainText(parser.ParseDocument(web.Render(host, page)), new Uri(web.PageUrl(host, page)));
            if (text is null || SimHash.Of(text, shingleWords) is not { } fingerprint)
            {
                continue;
            }

            var isDuplicate = !seenFamilies.Add(family);
            expected += isDuplicate ? 1 : 0;
            var matches = index.FindNear(fingerprint);
            if (matches.Count > 0)
            {
                found++;
                correct += isDuplicate && matches.Any(m => familyOf[m.Fingerprint] == family) ? 1 : 0;
            }

            if (copy.Kind == CopyKind.LookAlike)
            {
                lookAlikes++;
                lookAlikesFound += matches.Count > 0 ? 1 : 0;
            }

            familyOf.TryAdd(fingerprint, family);
            index.Add(fingerprint);
        }

        var precision = found == 0 ? 0 : correct / (double)found;
        var recall = expected == 0 ? 0 : correct / (double)expected;
        output.WriteLine($"{shingleWords}-word shingles: {pages.Count} pages, {expected} known near duplicates, {found} found, {correct} right: " +
            $"precision {precision:F3}, recall {recall:F3}; look-alikes {lookAlikes}, taken for duplicates {lookAlikesFound}");
        Assert.True(expected >= 30, $"the web has too few copies ({expected}) to measure anything");
        Assert.True(lookAlikes >= 10, $"the web has too few look-alikes ({lookAlikes})");
        return (precision, recall);
    }
}
