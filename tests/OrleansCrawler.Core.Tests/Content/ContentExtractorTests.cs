using AngleSharp.Html.Parser;
using OrleansCrawler.Core.Content;

namespace OrleansCrawler.Core.Tests.Content;

public sealed class ContentExtractorTests
{
    private static readonly Uri Url = new("https://coastal.test/news/bridge");

    private static ExtractedContent? Extract(string html, ContentFormat format) =>
        ContentExtractor.Extract(new HtmlParser().ParseDocument(html), Url, format);

    private static string NewsPage => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Content", "Pages", "news-article.html"));

    [Fact]
    public void RealWorldShapedPage_Text_KeepsTheArticle_AndDropsEveryBoilerplateBlock()
    {
        var content = Extract(NewsPage, ContentFormat.Text)!;

        foreach (var article in new[]
        {
            "Harbour bridge reopens after two-year repair", "reopened to traffic on Monday morning", "112 suspension cables replaced",
            "It is a better bridge than the one we closed", "Cars will pay the same toll", "bring back the customers they lost",
            "What was repaired", "Car\t2.50 euros",
        })
        {
            Assert.Contains(article, content.Body);
        }

        foreach (var boilerplate in new[]
        {
            "We use cookies", "Sport", "Search the Coastal Times", "ADVERTISEMENT", "Share", "Related stories", "Ferry timetable cut",
            "Most read", "Holidays in the sun", "morning briefing", "48 comments", "ferry was a nightmare", "All rights reserved", "dataLayer",
        })
        {
            Assert.DoesNotContain(boilerplate, content.Body);
        }

        Assert.Equal("en-GB", content.Language);
        Assert.Equal(ContentExtractor.WordCount(content.Body), content.Words);
        Assert.InRange(content.Words, 200, 320);
    }

    [Fact]
    public void RealWorldShapedPage_Markdown_HasHeadingsListsQuotesTablesAndAbsoluteLinks()
    {
        var markdown = Extract(NewsPage, ContentFormat.Markdown)!.Body;

        Assert.Contains("# Harbour bridge reopens after two-year repair", markdown);
        Assert.Contains("\n## What was repaired\n", markdown);
        Assert.Contains("\n- 112 suspension cables replaced\n- A new deck surface over the whole 640 metres\n", markdown);
        Assert.Contains("> It is a better bridge", markdown);
        Assert.Contains("| Vehicle | Toll |\n| --- | --- |\n| Car | 2.50 euros |", markdown);
        Assert.DoesNotContain("> >", markdown);
        Assert.DoesNotContain("Related stories", markdown);
    }

    [Fact]
    public void Markdown_InlineMarkupAndCode()
    {
        var html = """
            <html><body><nav><a href="/">Home</a><a href="/b">B</a><a href="/c">C</a></nav><article>
            <p><img src="/img/x.png" alt="A picture"> Some <strong>bold</strong> and <em>slanted</em> words, with a <a href="/doc?a=1">link to the docs</a>, and more words, to make it a paragraph.</p>
            <ol><li>first</li><li>second</li></ol>
            <pre>var x = 1;
            var y = 2;</pre>
            <p>Call <code>Run()</code> first, then carry on reading, because this paragraph needs a few more words, too.</p>
            </article></body></html>
            """;

        var markdown = Extract(html, ContentFormat.Markdown)!.Body;

        Assert.Contains("Some **bold** and *slanted* words, with a [link to the docs](https://coastal.test/doc?a=1), and more", markdown);
        Assert.Contains("![A picture](https://coastal.test/img/x.png)", markdown);
        Assert.Contains("1. first\n2. second", markdown);
        Assert.Contains("```\nvar x = 1;", markdown);
        Assert.Contains("Call `Run()` first", markdown);
        Assert.DoesNotContain("Home", markdown);
    }

    [Fact]
    public void Html_IsTheMainContentsMarkup()
    {
        var html = Extract(NewsPage, ContentFormat.Html)!.Body;

        Assert.StartsWith("<", html);
        Assert.Contains("<h2>What was repaired</h2>", html);
        Assert.DoesNotContain("site-footer", html);
    }

    [Theory]
    [InlineData("<html><body></body></html>")]
    [InlineData("<html><head><title>only a title</title></head><body>   </body></html>")]
    [InlineData("\u0000\u0001\u0002PNG\u001a\u0000\u0000\u0000\rIHDR\u0000\u0000\u0001\u0000\uFFFD\uFFFD\u0003\u0004\u0005\u0006\u0007\u0008")]
    public void NoText_OrBinary_GivesNoContent_AndNoError(string html)
    {
        Assert.Null(Extract(html, ContentFormat.Markdown));
    }

    [Fact]
    public void None_GivesNoContent() => Assert.Null(Extract(NewsPage, ContentFormat.None));

    [Fact]
    public void Language_DeclaredWins_ElseGuessedFromWords_ElseUnknown()
    {
        const string german = "<p>Die Brücke ist wieder offen, und der Verkehr fließt auf der neuen Fahrbahn. Es ist nicht die alte Brücke, sondern eine bessere, die auch noch sechzig Jahre halten soll, sagt der Ingenieur mit dem Plan.</p>";
        Assert.Equal("fr", Extract($"<html lang=fr><body>{german}</body></html>", ContentFormat.Text)!.Language);
        Assert.Equal("de", Extract($"<html><body>{german}</body></html>", ContentFormat.Text)!.Language);
        Assert.Null(Extract("<html><body><p>Zzyx qwop blorf, snark grue plugh xyzzy frob, quux.</p></body></html>", ContentFormat.Text)!.Language);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("one two  three", 3)]
    [InlineData("It's a well-known fact: 3.5 percent.", 6)]
    public void WordCount_CountsWords(string text, int words) => Assert.Equal(words, ContentExtractor.WordCount(text));

    [Fact]
    public void Codec_RoundTrips_AndCompresses()
    {
        var body = string.Concat(Enumerable.Repeat("Ünïcödé text, repeated. ", 200));
        var encoded = ContentCodec.Encode(body);

        Assert.Equal(body, ContentCodec.Decode(encoded));
        Assert.True(encoded.Length < body.Length / 4, $"{encoded.Length} bytes for {body.Length} chars");
    }
}
