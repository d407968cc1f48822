using System.CommandLine;
using System.Text.Json;
using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Cli.Commands;

namespace OrleansCrawler.Cli.Tests;

/// <summary>Every crawl option means the same on <c>run</c> and <c>submit</c>: the real commands parse the same
/// arguments into equal job specs, and every option changes the spec (none is dropped on the way).</summary>
public class CrawlOptionsMappingTests
{
    // A value other than the default for every crawl option; the test fails if an option is missing here.
    private static readonly Dictionary<string, string[]> Samples = new()
    {
        ["--max-pages"] = ["--max-pages", "17"],
        ["--max-depth"] = ["--max-depth", "3"],
        ["--concurrency"] = ["--concurrency", "5"],
        ["--per-host"] = ["--per-host", "4"],
        ["--scope"] = ["--scope", "domain"],
        ["--include"] = ["--include", "/docs/"],
        ["--exclude"] = ["--exclude", "\\.pdf$"],
        ["--partitions"] = ["--partitions", "8"],
        ["--user-agent"] = ["--user-agent", "JobBot/2.0 (+mailto:ops@example.org)"],
        ["--contact"] = ["--contact", "mailto:ops@example.org"],
        ["--delay"] = ["--delay", "250ms"],
        ["--host-delay"] = ["--host-delay", "example.com=2s"],
        ["--max-crawl-delay"] = ["--max-crawl-delay", "5s"],
        ["--retries"] = ["--retries", "1"],
        ["--host-retries"] = ["--host-retries", "7"],
        ["--max-url-length"] = ["--max-url-length", "512"],
        ["--host-budget"] = ["--host-budget", "99"],
        ["--max-query-variants"] = ["--max-query-variants", "12"],
        ["--max-path-variants"] = ["--max-path-variants", "50"],
        ["--allow-private"] = ["--allow-private"],
        ["--timeout"] = ["--timeout", "7s"],
        ["--max-body-bytes"] = ["--max-body-bytes", "65536"],
        ["--sitemaps"] = ["--sitemaps"],
        ["--links"] = ["--links"],
        ["--extract"] = ["--extract", SampleRulesFile()],
        ["--dedup"] = ["--dedup"],
        ["--skip-duplicates"] = ["--skip-duplicates"],
    };

    /// <summary>A valid rules file for <c>--extract</c> (read when the command line is parsed).</summary>
    private static string SampleRulesFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ocrawl-mapping-rules-{Environment.ProcessId}.yaml");
        File.WriteAllText(path, "rules:\n  - url: \"**\"\n    fields:\n      title: title\n      links: { css: a, attr: href, all: true }\n");
        return path;
    }

    private static readonly string[] Seeds = ["http://127.0.0.1:9/"];

    public static TheoryData<string> Options()
    {
        var data = new TheoryData<string>();
        foreach (var option in new CrawlOptions().All)
        {
            data.Add(option.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Options))]
    public void Option_OnRunAndSubmit_GivesEqualSpecsThatDifferFromTheDefault(string option)
    {
        Assert.True(Samples.TryGetValue(option, out var args), $"no sample value for {option}: add one to Samples");

        var run = SpecOf(["run", "seeds.txt", "--data", "d", .. args]);
        var submit = SpecOf(["submit", "seeds.txt", .. args]);
        var defaults = SpecOf(["run", "seeds.txt"]);

        Assert.Equal(Json(run), Json(submit));
        Assert.NotEqual(Json(defaults), Json(run));
    }

    [Theory]
    [InlineData(new string[0], "OrleansCrawler/0.1")]
    [InlineData(new[] { "--contact", "https://ops.example.org/crawler" }, "OrleansCrawler/0.1 (+https://ops.example.org/crawler)")]
    [InlineData(new[] { "--contact", "mailto:ops@example.org" }, "OrleansCrawler/0.1 (+mailto:ops@example.org)")]
    [InlineData(new[] { "--user-agent", "MyBot/3", "--contact", "x@example.org" }, "MyBot/3")]
    public void UserAgent_DefaultNamesNoAddressAndCarriesTheContact(string[] args, string expected)
    {
        Assert.Equal(expected, SpecOf(["run", "seeds.txt", .. args]).UserAgent);
        Assert.Equal(expected, SpecOf(["submit", "seeds.txt", .. args]).UserAgent);
    }

    [Theory]
    [InlineData(new string[0], true, 0)]
    [InlineData(new[] { "--delay", "auto" }, true, 0)]
    [InlineData(new[] { "--delay", "AUTO" }, true, 0)]
    [InlineData(new[] { "--delay", "0" }, false, 0)]
    [InlineData(new[] { "--delay", "250ms" }, false, 250)]
    [InlineData(new[] { "--delay", "2s" }, false, 2000)]
    public void Delay_DefaultIsAdaptive_ZeroAndDurationsAreFixed_OnRunAndSubmit(string[] args, bool adaptive, int minDelayMs)
    {
        foreach (var command in new[] { "run", "submit" })
        {
            var spec = SpecOf([command, "seeds.txt", .. args]);
            Assert.Equal(adaptive, spec.AdaptiveDelay);
            Assert.Equal(TimeSpan.FromMilliseconds(minDelayMs), spec.MinDelay);
        }
    }

    [Fact]
    public void Extract_CarriesTheParsedRulesInTheSpec()
    {
        var spec = SpecOf(["submit", "seeds.txt", .. Samples["--extract"]]);

        var set = Assert.Single(spec.ExtractRules);
        Assert.Equal("**", set.Url);
        Assert.False(set.UrlIsRegex);
        Assert.Equal(
            [new FieldRuleSpec("title", "title", "text", null, false, true, null, false), new FieldRuleSpec("links", "a", "attr", "href", true, true, null, false)],
            set.Fields.ToArray());
        Assert.Empty(SpecOf(["submit", "seeds.txt"]).ExtractRules);
    }

    [Fact]
    public void NoOptions_OnRunAndSubmit_GiveEqualSpecs()
    {
        Assert.Equal(Json(SpecOf(["run", "seeds.txt"])), Json(SpecOf(["submit", "seeds.txt"])));
    }

    private static JobSpec SpecOf(string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(RunCommand.Create());
        foreach (var command in JobCommands.Create())
        {
            root.Subcommands.Add(command);
        }

        var result = root.Parse(args);
        Assert.Empty(result.Errors);
        var crawl = CrawlOptions.Of(result.CommandResult.Command);
        Assert.NotNull(crawl);
        return crawl.ToSpec(result, Seeds);
    }

    private static string Json(JobSpec spec) => JsonSerializer.Serialize(spec);
}
