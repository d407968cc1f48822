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

    /// <summary>Text nodes: white space of every kind (tabs, newlines, no-break and em spaces) collapses to one space, none
    /// at the start of a block or the end of the content, one between nodes; Markdown escapes its special characters in
    /// text (a run of them, one at each end of a word, a backslash itself), and text output leaves them alone.</summary>
    [Fact]
    public void TextNodes_CollapseEveryKindOfWhiteSpace_AndMarkdownEscapesItsSpecialCharacters()
    {
        const string html = "<article><p>\t\n Lead\u00A0\u00A0word\u2003and\r\ntab\there <b>bold</b>end  <i>spaced</i> . "
            + "Stars *and* _under_ [brackets] `ticks` back\\slash **run** and more words to make this a paragraph of its own.</p>"
            + "<p>Second paragraph, long enough to be kept as content by the finder's rules, with a comma, another one, and more.</p></article>";

        var text = Extract(html, ContentFormat.Text)!.Body;
        var markdown = Extract(html, ContentFormat.Markdown)!.Body;

        Assert.Equal("Lead word and tab here boldend spaced . Stars *and* _under_ [brackets] `ticks` back\\slash **run** and more words to make "
            + "this a paragraph of its own.\n\nSecond paragraph, long enough to be kept as content by the finder's rules, with a comma, another one, and more.", text);
        Assert.StartsWith("Lead word and tab here **bold**end *spaced* . Stars \\*and\\* \\_under\\_ \\[brackets\\] \\`ticks\\` back\\\\slash "
            + "\\*\\*run\\*\\* and more", markdown);
    }

    [Fact]
    public void WritersWhiteSpaceTest_AgreesWithCharIsWhiteSpace_OnEveryChar()
    {
        for (var c = 0; c <= char.MaxValue; c++)
        {
            Assert.True(char.IsWhiteSpace((char)c) == ContentWriter.IsWhiteSpace((char)c), $"U+{c:X4}");
        }
    }

    /// <summary>The writer copies a text node of words between single spaces (nothing to escape) as it is, and walks any
    /// other character by character. The same text with one of its spaces turned into a newline (white space the copy
    /// does not take, which collapses to the same single space) must come out the same: random text nodes with and
    /// without a space at either end, between elements, in blocks and lists, in text and Markdown.</summary>
    [Fact]
    public void TextNodes_CopiedWhole_ComeOutAsTheCharacterByCharacterWalkWritesThem()
    {
        var random = new Random(20261207);
        string[] words = ["alpha", "beta", "Gamma", "d*e", "x_y", "[x]", "`t`", "a\\b", "naïve", "3.5", "it's", "-", "."];
        for (var round = 0; round < 400; round++)
        {
            var nodes = new List<string>();
            for (var n = random.Next(1, 6); n > 0; n--)
            {
                var node = string.Join(' ', Enumerable.Range(0, random.Next(0, 8)).Select(_ => words[random.Next(words.Length)]));
                nodes.Add((random.Next(2) == 0 ? " " : "") + node + (random.Next(2) == 0 ? " " : ""));
            }

            string Page(IReadOnlyList<string> texts) =>
                "<article><h2>" + texts[0] + "</h2><p>" + string.Join("<b>bold</b>", texts) + "<i>" + texts[^1] + "</i> tail of the paragraph, "
                + "long enough, with commas, to be content.</p><ul><li>" + string.Join("</li><li>", texts) + "</li></ul></article>";

            // One space of every node that has one becomes a newline: the writer must walk those nodes.
            var walked = nodes.Select(t => t.IndexOf(' ', StringComparison.Ordinal) is var at and >= 0 ? t[..at] + "\n" + t[(at + 1)..] : t).ToList();
            foreach (var format in new[] { ContentFormat.Text, ContentFormat.Markdown })
            {
                Assert.Equal(Extract(Page(walked), format)?.Body, Extract(Page(nodes), format)?.Body);
            }
        }
    }

    /// <summary>White space at the ends of bold or italic text goes outside the marks, so that CommonMark reads them as
    /// emphasis (<c>* spaced *</c> is text with asterisks); nested, the same for each.</summary>
    [Fact]
    public void Markdown_Emphasis_KeepsWhiteSpaceOutsideItsMarks()
    {
        const string html = "<article><p>Some<b> bold </b>words, then <i> spaced </i>. And<strong><em> both </em></strong>here, "
            + "and <b>tight</b>, all in a paragraph long enough to be the page's main content, with a comma or two.</p></article>";

        var markdown = Extract(html, ContentFormat.Markdown)!.Body;

        Assert.StartsWith("Some **bold** words, then *spaced* . And ***both*** here, and **tight**, all in", markdown);
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

    [Theory]
    [InlineData(10, false)]
    [InlineData(11, true)]
    public void Binary_IsMoreThanOneOddCharacterInTen(int odd, bool binary)
    {
        // 100 characters of text, `odd` of its spaces turned into control characters.
        var text = string.Concat(Enumerable.Repeat("abcd ", 20)).ToCharArray();
        for (var i = 0; i < odd; i++)
        {
            text[(i * 5) + 4] = i % 2 == 0 ? '\u0001' : '\u0085';
        }

        var content = Extract($"<html><body><p>{new string(text)}</p></body></html>", ContentFormat.Text);

        Assert.Equal(binary, content is null);
    }

    [Fact]
    public void Binary_IsJudgedOnTheFirst4096Characters()
    {
        var words = string.Concat(Enumerable.Repeat("word, ", 4096 / 6 + 1))[..4096];
        var junk = new string('\u0002', 4096);

        Assert.NotNull(Extract($"<html><body><p>{words}</p><p>{junk}</p></body></html>", ContentFormat.Text));
        Assert.Null(Extract($"<html><body><p>{junk}</p><p>{words}</p></body></html>", ContentFormat.Text));
    }

    [Fact]
    public void OddCharacters_AreTheControlCharactersButWhiteSpace_AndTheReplacementCharacter()
    {
        for (var c = 0; c <= char.MaxValue; c++)
        {
            var expected = c == '\uFFFD' || (char.IsControl((char)c) && c is not ('\n' or '\r' or '\t' or '\f'));
            Assert.True(expected == ContentExtractor.OddChars.Contains((char)c), $"U+{c:X4}");
        }
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

    // The count tests ASCII characters inline; every character must still be a word's as char.IsLetterOrDigit says.
    [Fact]
    public void WordCount_AgreesWithCharIsLetterOrDigit_OnEveryChar()
    {
        for (var c = 0; c <= char.MaxValue; c++)
        {
            var expected = char.IsLetterOrDigit((char)c) ? 1 : 0;
            Assert.True(expected == ContentExtractor.WordCount(((char)c).ToString()), $"U+{c:X4}");
            Assert.True(1 + expected == ContentExtractor.WordCount($"x {(char)c} y") - 1, $"U+{c:X4} between words");
        }
    }

    /// <summary>The count against the definition written plainly (one branch per character), on random text of letters,
    /// digits, joiners (ASCII and the typographic apostrophe), punctuation, spaces and non-ASCII letters.</summary>
    [Fact]
    public void WordCount_AgreesWithTheDefinitionWrittenPlainly_OnRandomText()
    {
        static int Plainly(string text)
        {
            var words = 0;
            var inWord = false;
            foreach (var c in text)
            {
                if (char.IsLetterOrDigit(c))
                {
                    words += inWord ? 0 : 1;
                    inWord = true;
                }
                else if (!(inWord && c is '\'' or '’' or '-' or '.'))
                {
                    inWord = false;
                }
            }

            return words;
        }

        var random = new Random(7);
        const string alphabet = "ab9Zé日'’-.-, ;!\n\u00A0";
        for (var round = 0; round < 5_000; round++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 40)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            Assert.True(Plainly(text) == ContentExtractor.WordCount(text), text);
        }
    }

    [Fact]
    public void Codec_RoundTrips_AndCompresses()
    {
        var body = string.Concat(Enumerable.Repeat("Ünïcödé text, repeated. ", 200));
        var encoded = ContentCodec.Encode(body);

        Assert.Equal(body, ContentCodec.Decode(encoded));
        Assert.True(encoded.Length < body.Length / 4, $"{encoded.Length} bytes for {body.Length} chars");
    }

    /// <summary>Bodies around the window's bounds (1 KiB floor, powers of two) and larger than the window: what is
    /// encoded decodes to itself, with a standard Brotli decoder (.NET's stream, which knows nothing of the window chosen).</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1023)]
    [InlineData(1024)]
    [InlineData(1025)]
    [InlineData(65_537)]
    [InlineData(5_000_000)]
    public void Codec_RoundTrips_EverySize(int chars)
    {
        var random = new Random(chars);
        var body = new string([.. Enumerable.Range(0, chars).Select(_ => "abcdefghij ÄÖÜ€\n"[random.Next(16)])]);

        Assert.Equal(body, ContentCodec.Decode(ContentCodec.Encode(body)));
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(1024, 10)]
    [InlineData(1025, 11)]
    [InlineData(65_536, 16)]
    [InlineData(65_537, 17)]
    [InlineData(4_194_304, 22)]
    [InlineData(50_000_000, 22)]
    public void CodecWindow_IsTheSmallestThatHoldsTheBody_Within10To22(int bytes, int window) => Assert.Equal(window, ContentCodec.Window(bytes));
}
