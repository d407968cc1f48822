using OrleansCrawler.Core.Fields;

namespace OrleansCrawler.Core.Tests.Fields;

public sealed class FieldRulesFileTests
{
    private const string Good = """
        # a shop
        rules:
          - url: "http://shop.test/product/*"
            fields:
              name: h1.name
              price: { css: ".price", attr: data-amount, required: true }
              currency: { css: ".price", regex: '([A-Z]{3})$' }
              tags: { css: "ul.tags li", all: true }
              reviews: { css: ".review", take: count }
              blurb: { css: ".blurb", take: html, trim: false }
          - url-regex: '^http://shop\.test/c/\d+$'
            fields:
              title: title
        """;

    [Fact]
    public void Parse_GoodFile_ReadsEveryRuleSetAndField()
    {
        var rules = FieldRulesFile.Parse(Good, "r.yaml");

        Assert.Equal(2, rules.Count);
        Assert.Equal(new FieldRuleSet("http://shop.test/product/*", false, rules[0].Fields), rules[0]);
        Assert.Equal(
            [
                new FieldRule("name", "h1.name"),
                new FieldRule("price", ".price", FieldTake.Attribute, "data-amount", Required: true),
                new FieldRule("currency", ".price", Pattern: "([A-Z]{3})$"),
                new FieldRule("tags", "ul.tags li", All: true),
                new FieldRule("reviews", ".review", FieldTake.Count),
                new FieldRule("blurb", ".blurb", FieldTake.Html, Trim: false),
            ],
            rules[0].Fields);
        Assert.True(rules[1].UrlIsRegex);
        Assert.Equal([new FieldRule("title", "title")], rules[1].Fields);
    }

    public static TheoryData<string, int, string> BadFiles() => new()
    {
        // YAML syntax error: an unclosed flow mapping.
        { "rules:\n  - url: a\n    fields:\n      x: { css: b\n", 5, "YAML error" },
        { "rules:\n  - url: a\n    fields:\n      x: h1\n    colour: red\n", 5, "unknown key 'colour' in rule set" },
        { "rules:\n  - url: a\n    fields:\n      x: { css: h1, atr: href }\n", 4, "unknown key 'atr' in field 'x'" },
        { "rules:\n  - url: a\n    fields:\n      x: h1\n      y: 'div[[['\n", 5, "bad CSS selector 'div[[['" },
        { "rules:\n  - url: a\n    fields:\n      x: { css: h1, regex: '(unclosed' }\n", 4, "field 'x': bad regex '(unclosed'" },
        { "rules:\n  - url-regex: '[a-'\n    fields:\n      x: h1\n", 2, "bad regex '[a-'" },
        { "rules:\n  - url: a\n    url-regex: b\n    fields:\n      x: h1\n", 2, "exactly one of 'url'" },
        { "rules:\n  - url: a\n    fields:\n      x: { css: h1, take: links }\n", 4, "take 'links' is not one of" },
        { "rules:\n  - url: a\n    fields:\n      x: { css: h1, all: yes please }\n", 4, "'all' must be true or false" },
        { "rules:\n  - url: a\n", 2, "'fields' must be a non-empty mapping" },
        { "rulez: []\n", 1, "unknown key 'rulez' in top level" },
        { "rules:\n  - url: a\n    fields:\n      x: { take: count }\n", 4, "field 'x' has no 'css' selector" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Parse_BadFile_NamesFileLineAndProblem(string yaml, int line, string problem)
    {
        var error = Assert.Throws<FieldRulesException>(() => FieldRulesFile.Parse(yaml, "bad.yaml"));

        Assert.Equal(line, error.Line);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.StartsWith($"bad.yaml:{line}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_NamesIt()
    {
        var error = Assert.Throws<FieldRulesException>(() => FieldRulesFile.Load("/nonexistent/rules.yaml"));
        Assert.StartsWith("/nonexistent/rules.yaml:0: cannot read", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://a.test/p/*", "http://a.test/p/12", true)]
    [InlineData("http://a.test/p/*", "http://a.test/p/12/reviews", false)]
    [InlineData("http://a.test/**", "http://a.test/p/12/reviews", true)]
    [InlineData("http://a.test/p/?", "http://a.test/p/1", true)]
    [InlineData("http://a.test/p.html", "http://a.test/pxhtml", false)]
    public void GlobToRegex_MatchesWholeUrl(string glob, string url, bool matches) =>
        Assert.Equal(matches, FieldPatterns.Url(glob, isRegex: false).IsMatch(url));
}
