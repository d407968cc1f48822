using System.Text.Json;
using AngleSharp.Html.Parser;
using OrleansCrawler.Core.Fields;

namespace OrleansCrawler.Core.Tests.Fields;

public sealed class FieldExtractorTests
{
    private const string Page = """
        <html><head><title>Lamp</title></head><body>
        <h1 class="name">
           Desk lamp </h1>
        <span class="price" data-amount="19.90">19.90 EUR</span>
        <ul class="tags"><li>light</li><li> desk </li><li></li></ul>
        <div class="review">a</div><div class="review">b</div><div class="review">c</div>
        <div class="blurb"><b>Bright</b> and small</div>
        <a href="/a">A</a><a>no href</a><a href="/b">B</a>
        </body></html>
        """;

    private static readonly AngleSharp.Html.Dom.IHtmlDocument Document = new HtmlParser().ParseDocument(Page);

    private static FieldExtractor Extractor(params FieldRule[] fields) => new([new FieldRuleSet("http://shop.test/**", false, fields)]);

    private static JsonElement Run(FieldExtractor extractor, out ExtractedFields fields)
    {
        fields = extractor.Extract(Document, "http://shop.test/product/1") ?? throw new InvalidOperationException("no rule matched");
        return JsonDocument.Parse(fields.Json).RootElement;
    }

    [Fact]
    public void Extract_TakesTextAttributeHtmlCountAndLists()
    {
        var json = Run(Extractor(
            new FieldRule("name", "h1.name"),
            new FieldRule("amount", ".price", FieldTake.Attribute, "data-amount"),
            new FieldRule("currency", ".price", Pattern: "([A-Z]{3})$"),
            new FieldRule("number", ".price", Pattern: @"\d+\.\d+"),
            new FieldRule("tags", "ul.tags li", All: true),
            new FieldRule("reviews", ".review", FieldTake.Count),
            new FieldRule("blurb", ".blurb", FieldTake.Html),
            new FieldRule("rawName", "h1", Trim: false),
            new FieldRule("links", "a", FieldTake.Attribute, "href", All: true),
            new FieldRule("firstHref", "a", FieldTake.Attribute, "href")), out var fields);

        Assert.Equal("Desk lamp", json.GetProperty("name").GetString());
        Assert.Equal("19.90", json.GetProperty("amount").GetString());
        Assert.Equal("EUR", json.GetProperty("currency").GetString());
        Assert.Equal("19.90", json.GetProperty("number").GetString());
        Assert.Equal(["light", "desk", ""], json.GetProperty("tags").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(3, json.GetProperty("reviews").GetInt32());
        Assert.Equal("<b>Bright</b> and small", json.GetProperty("blurb").GetString());
        Assert.Equal("\n   Desk lamp ", json.GetProperty("rawName").GetString());
        Assert.Equal(["/a", "/b"], json.GetProperty("links").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("/a", json.GetProperty("firstHref").GetString());
        Assert.Empty(fields.Missing);
        Assert.Empty(fields.Errors);
    }

    [Fact]
    public void Extract_AbsentFields_AreNullEmptyOrZero_AndRequiredOnesAreMissing()
    {
        var json = Run(Extractor(
            new FieldRule("sku", ".sku", Required: true),
            new FieldRule("colours", ".colour", All: true, Required: true),
            new FieldRule("stock", ".stock", FieldTake.Count, Required: true),
            new FieldRule("discount", ".discount"),
            new FieldRule("name", "h1", Required: true),
            new FieldRule("grams", ".price", Pattern: "(\\d+) g", Required: true)), out var fields);

        Assert.Equal(JsonValueKind.Null, json.GetProperty("sku").ValueKind);
        Assert.Equal(0, json.GetProperty("colours").GetArrayLength());
        Assert.Equal(0, json.GetProperty("stock").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("discount").ValueKind);
        Assert.Equal(["sku", "colours", "stock", "grams"], fields.Missing);
        Assert.Equal("sku,colours,stock,grams", PageFields.Of("j", "u", fields).Missing);
    }

    [Fact]
    public void Extract_FirstMatchingRuleSetWins_AndNoMatchGivesNull()
    {
        var extractor = new FieldExtractor(
        [
            new FieldRuleSet(@"^http://shop\.test/product/\d+$", true, [new FieldRule("a", "h1")]),
            new FieldRuleSet("http://shop.test/**", false, [new FieldRule("b", "title")]),
        ]);

        Assert.Equal("""{"a":"Desk lamp"}""", extractor.Extract(Document, "http://shop.test/product/1")!.Json);
        Assert.Equal("""{"b":"Lamp"}""", extractor.Extract(Document, "http://shop.test/about")!.Json);
        Assert.Null(extractor.Extract(Document, "http://other.test/product/1"));
        Assert.Equal(["a", "b"], extractor.Names);
    }

    [Fact]
    public void Extract_FieldThatThrows_RecordsItsErrorAndKeepsTheOthers()
    {
        // Catastrophic backtracking on a long run of 'a's: the regex times out on this page only.
        var html = "<html><body><p class=x>" + new string('a', 50_000) + "!</p><h1>ok</h1></body></html>";
        var document = new HtmlParser().ParseDocument(html);
        var extractor = new FieldExtractor([new FieldRuleSet("**", false,
            [new FieldRule("slow", "p.x", Pattern: "^(a+)+$", Required: true), new FieldRule("title", "h1")])]);

        var fields = extractor.Extract(document, "http://x.test/")!;

        Assert.Equal("""{"slow":null,"title":"ok"}""", fields.Json);
        var error = Assert.Single(fields.Errors);
        Assert.StartsWith("slow: ", error, StringComparison.Ordinal);
        Assert.Empty(fields.Missing);
    }

    [Fact]
    public void Extract_MatchesTheRootToo_AndReadsInDocumentOrder_AsASelectorQueryDoes()
    {
        const string Html = """
            <html lang="de"><body>
            <div id="a">1<div id="b">2<div id="c">3</div></div></div>
            <div id="d"><span data-v="x"></span><span data-v="y"></span></div>
            <section><div id="e">4</div></section>
            </body></html>
            """;
        var document = new HtmlParser().ParseDocument(Html);
        var extractor = Extractor(
            new FieldRule("lang", "[lang]", FieldTake.Attribute, "lang"),
            new FieldRule("elements", "*", FieldTake.Count),
            new FieldRule("ids", "div", FieldTake.Attribute, "id", All: true),
            new FieldRule("firstInner", "div div", FieldTake.Attribute, "id"),
            new FieldRule("lastSpan", "span:last-child", FieldTake.Attribute, "data-v"),
            new FieldRule("sectionDiv", "section > div"));

        var fields = extractor.Extract(document, "http://shop.test/p")!;

        var json = JsonDocument.Parse(fields.Json).RootElement;
        Assert.Equal("de", json.GetProperty("lang").GetString());
        Assert.Equal(document.QuerySelectorAll("*").Length, json.GetProperty("elements").GetInt32());
        Assert.Equal(["a", "b", "c", "d", "e"], json.GetProperty("ids").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("b", json.GetProperty("firstInner").GetString());
        Assert.Equal("y", json.GetProperty("lastSpan").GetString());
        Assert.Equal("4", json.GetProperty("sectionDiv").GetString());
    }

    [Fact]
    public void Extract_FirstValueFields_StopAtTheirFirstValue_WhileListsAndCountsGoOn()
    {
        var html = "<html><body>" + string.Concat(Enumerable.Range(0, 300).Select(i => $"<p class=n data-i={i}>{i}</p>")) + "</body></html>";
        var document = new HtmlParser().ParseDocument(html);
        var extractor = Extractor(
            new FieldRule("first", "p.n"),
            new FieldRule("firstOdd", "p.n", Pattern: "^([0-9]*[13579])$"),
            new FieldRule("all", "p.n", FieldTake.Attribute, "data-i", All: true),
            new FieldRule("count", "p", FieldTake.Count));

        var json = JsonDocument.Parse(extractor.Extract(document, "http://shop.test/p")!.Json).RootElement;

        Assert.Equal("0", json.GetProperty("first").GetString());
        Assert.Equal("1", json.GetProperty("firstOdd").GetString());
        Assert.Equal(Enumerable.Range(0, 300).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), json.GetProperty("all").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(300, json.GetProperty("count").GetInt32());
    }

    [Fact]
    public void Constructor_BadSelector_Throws() =>
        Assert.Throws<ArgumentException>(() => new FieldExtractor([new FieldRuleSet("**", false, [new FieldRule("x", "div[[[")])]));
}
