using System.Diagnostics;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using OrleansCrawler.Core.Content;

namespace OrleansCrawler.Core.Tests.Content;

/// <summary>Scores the extractor's main text against Mozilla Readability 0.6.0 (with jsdom, run by Node from
/// tests/readability, installed with <c>npm ci</c> from its committed lock when missing) by token F1 over the saved
/// real-world-shaped pages. Readability leaves out the page's h1 and byline (it returns them as title and byline), which
/// we keep as content: about 15 of ~270 words on the news page, so agreement on the article itself shows as F1 ≈ 0.95,
/// and 0.9 leaves room for that difference while any lost paragraph or kept boilerplate block (each 20-40 words) fails.</summary>
public sealed partial class ReadabilityComparisonTests
{
    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Token();

    [Theory]
    [InlineData("news-article.html", "https://coastal.test/news/bridge")]
    public async Task MainText_AgreesWithMozillaReadability(string file, string url)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Content", "Pages", file);
        var reference = await ReadabilityTextAsync(path, url);
        var ours = ContentExtractor.Extract(new HtmlParser().ParseDocument(await File.ReadAllTextAsync(path)), new Uri(url), ContentFormat.Text)!.Body;

        var f1 = TokenF1(ours, reference);

        Assert.True(Tokens(reference).Values.Sum() > 150, $"Readability found only: {reference}");
        Console.Error.WriteLine($"token F1 {f1:F3}");
        Assert.True(f1 >= 0.9, $"token F1 {f1:F3} against Readability\nours:\n{ours}\nreadability:\n{reference}");
    }

    [Fact]
    public void TokenF1_IsOneForTheSameWords_AndDropsWithMissingOnes()
    {
        Assert.Equal(1.0, TokenF1("a b, c", "A b c"));
        Assert.Equal(2 * (2 / 3.0) * 1 / (2 / 3.0 + 1), TokenF1("a b c", "a b"), 6);
    }

    internal static double TokenF1(string ours, string reference)
    {
        var a = Tokens(ours);
        var b = Tokens(reference);
        var common = 0;
        foreach (var (token, count) in a)
        {
            common += Math.Min(count, b.GetValueOrDefault(token));
        }

        var precision = (double)common / a.Values.Sum();
        var recall = (double)common / b.Values.Sum();
        return common == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    private static Dictionary<string, int> Tokens(string text) =>
        Token().Matches(text.ToLowerInvariant()).GroupBy(m => m.Value).ToDictionary(g => g.Key, g => g.Count());

    private static async Task<string> ReadabilityTextAsync(string file, string url)
    {
        var dir = ReferenceDirectory();
        if (!Directory.Exists(Path.Combine(dir, "node_modules", "@mozilla", "readability")))
        {
            await RunAsync("npm", dir, "ci", "--no-audit", "--no-fund");
        }

        return await RunAsync("node", dir, "extract.js", file, url);
    }

    private static string ReferenceDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "readability");
            if (File.Exists(Path.Combine(candidate, "package-lock.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/readability/package-lock.json not found above " + AppContext.BaseDirectory);
    }

    private static async Task<string> RunAsync(string program, string dir, params string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)}: exit {process.ExitCode}\n{await stderr}");
        return await stdout;
    }
}
